/**
 * Containers on miners: the renter's actions on its own allocation's container ({@code restart_docker},
 * {@code pause_docker}, {@code unpause_docker}, {@code exchange_docker_key}) and the Docker status probe of many
 * miners at once ({@code check_miner_status}), docs/protocol.md §2.6-§2.8. Every check happens before a miner is
 * called; the miner's answer decides success.
 */
package io.computeregister.api.containers;
