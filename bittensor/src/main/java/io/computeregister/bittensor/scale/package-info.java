/**
 * SCALE, the Substrate codec (docs/protocol.md §B2.3): little-endian integers, compact integers, vectors, options and
 * 32-byte account ids, read with offsets in every error. Layouts of chain types live with their users in
 * {@code subtensor}.
 */
package io.computeregister.bittensor.scale;
