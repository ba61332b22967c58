/**
 * The transcript schnorrkel signs through, not for use outside {@code crypto}: Keccak-f[1600] → STROBE-128 → Merlin.
 * Byte-for-byte compatibility with the Rust crates is what makes our signatures verify elsewhere.
 */
package io.computeregister.bittensor.crypto.internal;
