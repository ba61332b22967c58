/**
 * The miner: {@link io.computeregister.miner.Miner} wires one by hand from a {@link io.computeregister.miner.MinerConfig}
 * (ledger, runtime, service, start-up {@code Reconciler}, {@code ExpiryJob}, axon);
 * {@link io.computeregister.miner.MinerService} does what a renter asks below the wire (admit, start, act, remove);
 * {@link io.computeregister.miner.Runtimes} is the registry that turns {@code --runtime NAME} and the operator's options
 * into a runtime's settings.
 *
 * <pre>
 *   dendrite ──Allocate/Specs──► axon.AllocateHandler / SpecsHandler ──► MinerService ──► allocation.Ledger (SQLite)
 *                                                                             └──────────► runtime.ContainerRuntime
 *   ExpiryJob (fixed delay) ──► MinerService.expire()        Reconciler (at start) ──► ledger ⇄ runtime agree
 * </pre>
 */
package io.computeregister.miner;
