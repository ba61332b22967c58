package io.computeregister.bittensor.axon;

import io.computeregister.bittensor.synapse.Synapse;
import java.util.function.Function;

/** One attached synapse type with its handler and hooks. */
record Route<S extends Synapse>(Class<S> type, Function<S, S> handler, BlacklistHook<? super S> blacklist,
                                PriorityHook<? super S> priority) {
}
