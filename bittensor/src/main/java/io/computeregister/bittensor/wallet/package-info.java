/**
 * Bittensor wallets on disk (docs/protocol.md §B4): the btcli/btwallet folder layout and plaintext key files, from
 * which a dendrite or axon loads its hotkey. Encrypted key files are recognised and refused.
 */
package io.computeregister.bittensor.wallet;
