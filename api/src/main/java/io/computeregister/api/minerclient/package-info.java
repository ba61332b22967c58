/**
 * Every call the API makes to a miner, typed: {@link io.computeregister.api.minerclient.MinerClient} (probe, allocate,
 * deallocate, container actions) and {@link io.computeregister.api.minerclient.OwnershipProbe} (does the miner still
 * hold this allocation?), each implemented over the dendrite with the original API's {@code Allocate} fields. Results
 * are sealed types, never exceptions and never strings to compare.
 *
 * <pre>
 *   allocation, containers ──► DeadlineMinerClient (a hard deadline per call, on a virtual thread)
 *                                    └─► DendriteMinerClient ──Allocate──► miner axon
 *   jobs (health, reconciliation) ──► DendriteOwnershipProbe ──Allocate(checking, timeline 0)──► miner axon
 * </pre>
 */
package io.computeregister.api.minerclient;
