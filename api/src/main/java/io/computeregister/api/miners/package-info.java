/**
 * What the API knows about miners: discovery from the metagraph and their {@code Specs} answers
 * ({@link io.computeregister.api.miners.MinerDiscovery}), the in-memory index placement runs on
 * ({@link io.computeregister.api.miners.MinerIndex}), and blocking miners ({@code POST /admin/miners/block},
 * {@code --blocked-miners}).
 */
package io.computeregister.api.miners;
