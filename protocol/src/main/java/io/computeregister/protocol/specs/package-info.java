/**
 * A miner's hardware as subnet 27 describes it (docs/protocol.md §9.10, the W&B {@code config.specs} shape) and the
 * {@code Specs} synapse our miners answer with it.
 */
package io.computeregister.protocol.specs;
