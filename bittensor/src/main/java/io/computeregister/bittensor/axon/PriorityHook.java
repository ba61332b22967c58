package io.computeregister.bittensor.axon;

import io.computeregister.bittensor.synapse.Synapse;

/**
 * Orders verified requests waiting for a handler slot (Python {@code priority_fn}): higher runs first, equal
 * priorities run in arrival order. Sees the header-built synapse, like {@link BlacklistHook}. Only matters when more
 * requests are ready than the axon runs at once; a request that waits past its timeout is answered 408.
 */
@FunctionalInterface
public interface PriorityHook<S extends Synapse> {
    /** Everyone equal: first come, first served. */
    PriorityHook<Synapse> FIFO = request -> 0.0;

    double priority(S request);
}
