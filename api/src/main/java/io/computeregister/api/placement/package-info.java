/**
 * Placement: which miner gets a request. Runs on an in-memory {@link io.computeregister.api.placement.MinerSnapshot},
 * never a database scan, and explains itself ({@link io.computeregister.api.placement.PlacementReport}).
 *
 * <pre>
 *  request ─► snapshot (all miners, or the pinned hotkey)
 *               │
 *               ▼  Feasibility checks, cheapest first; the first failing one is the miner's verdict
 *   Online ─► NotBlocked ─► HasSpecs ─► GpuModel ─► Capacity (all shortfalls at once) ─► NotHeld
 *               │ feasible                                              │ filtered: reason → count
 *               ▼
 *   Rankers (0..100 each, weighted): TightestFit, HealthRank
 *               │
 *               ▼  top-K by score, ties broken by a hash seeded from the request id (repeatable)
 *   Decision = ordered candidates + PlacementReport
 * </pre>
 *
 * A dry run is this same pipeline; the allocation service simply does not reserve afterwards. The request is
 * protocol's {@code DeviceRequirement}, the one the miner will receive. The checks and rankers are package-private
 * classes of this package, wired in one place ({@link io.computeregister.api.placement.Placement#standard}) with a
 * comment on each stage's order; only the pipeline and its data are public.
 */
package io.computeregister.api.placement;
