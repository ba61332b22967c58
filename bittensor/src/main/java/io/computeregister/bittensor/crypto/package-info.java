/**
 * Bittensor's key material: sr25519 (schnorrkel over Ristretto255, signing context {@code substrate}) keys,
 * signatures and HDKD, substrate-bip39 mnemonics, secret URIs and SS58 addresses (docs/protocol.md §B2.5, §B3).
 * Pure Java on curve25519-elisabeth and BouncyCastle; the transcript primitives are in {@code internal}.
 */
package io.computeregister.bittensor.crypto;
