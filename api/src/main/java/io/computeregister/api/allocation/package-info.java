/**
 * Renting a miner: {@code POST /service/allocate_spec}, {@code allocate_hotkey} and {@code deallocate}
 * ({@link io.computeregister.api.allocation.AllocationHandlers}), the allocation path
 * ({@link io.computeregister.api.allocation.AllocationService}, docs/architecture.md §3) and the cleanup of what a
 * killed process left half-done ({@link io.computeregister.api.allocation.PendingRecovery}).
 *
 * <pre>
 *   body ─► Requirements + DockerRequirement ─► placement (DeviceRequirement) ─► candidates, best first
 *   per candidate (CandidateAttempt): reserve ─► probe ─► write-ahead regkey ─► allocate ─► ssh check ─► commit
 *                                      any failure after allocate: deallocate with our key, release the reservation
 *   Idempotency-Key: claimed around the whole, bound to the request's fingerprint
 * </pre>
 */
package io.computeregister.api.allocation;
