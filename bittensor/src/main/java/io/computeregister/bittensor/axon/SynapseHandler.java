package io.computeregister.bittensor.axon;

import io.computeregister.bittensor.synapse.Synapse;

/**
 * Answers one synapse type. It gets the synapse parsed from the body, whose {@code dendrite()} holds the verified
 * caller, and the caller's {@link PendingReply}, and returns the reply (often the same object with its output fields
 * set). A handler that ignores the timeout attaches as a plain {@code Function} instead.
 */
@FunctionalInterface
public interface SynapseHandler<S extends Synapse> {
    S handle(S request, PendingReply reply);
}
