package io.computeregister.miner.runtime;

import io.computeregister.protocol.specs.MinerSpecs;

/**
 * Where a runtime's machines run, as the miner needs to know it: the hardware there is to rent (from which its capacity
 * model is derived) and the endpoints renters reach allocations at. This machine for a host-bound runtime
 * ({@link LocalSite}); a cluster's nodes and service ports for a cluster runtime.
 */
public interface Site {

    /**
     * The hardware there is to rent, in the {@code Specs} synapse's shape: the miner answers it to validators and takes
     * its cores, memory and GPU cards as the totals it admits allocations against (the operator's offer may lower
     * them). Measured on every call.
     */
    MinerSpecs hardware();

    /** Where renters reach allocations' SSH servers, and how many at once. */
    Endpoints endpoints();
}
