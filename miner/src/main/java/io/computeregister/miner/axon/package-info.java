/**
 * The miner's side of the wire: one handler per synapse ({@code Allocate}, {@code Specs}) translating between the
 * subnet-27 messages and {@link io.computeregister.miner.MinerService}, and the {@link
 * io.computeregister.miner.axon.CallerPolicy} deciding which hotkeys may call at all (403 for the rest).
 */
package io.computeregister.miner.axon;
