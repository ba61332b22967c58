package io.computeregister.bittensor.axon;

import io.computeregister.bittensor.synapse.Synapse;

/** One attached synapse type with its handler and hooks. */
record Route<S extends Synapse>(Class<S> type, SynapseHandler<S> handler, BlacklistHook<? super S> blacklist,
                                PriorityHook<? super S> priority) {
}
