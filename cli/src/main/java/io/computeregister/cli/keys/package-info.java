/**
 * {@code compute keys}: inspect, sign and verify with sr25519 keys as Bittensor does, and {@link
 * io.computeregister.cli.keys.KeySource}, where any command gets a key pair (a secret URI or a wallet hotkey).
 */
package io.computeregister.cli.keys;
