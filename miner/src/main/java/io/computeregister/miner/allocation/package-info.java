/**
 * What the miner has promised: the persisted {@link io.computeregister.miner.allocation.Ledger} of allocations
 * (SQLite, Flyway), and the capacity model it admits requests against. {@link
 * io.computeregister.miner.allocation.HostResources} are the totals the runtime reports (capped by the operator's
 * offer); {@link io.computeregister.miner.allocation.Headroom} is what live allocations leave of them; an {@link
 * io.computeregister.miner.allocation.Admission} grants a request or refuses it with every {@link
 * io.computeregister.miner.allocation.Shortage}. Admission and insert are one transaction, so two requests never hold
 * one resource. Nothing here knows which runtime runs the allocations.
 */
package io.computeregister.miner.allocation;
