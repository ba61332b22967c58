package io.computeregister.bittensor.dendrite;

import io.computeregister.bittensor.synapse.Synapse;
import java.time.Duration;

/**
 * The outcome of one dendrite call; never an exception. On success {@code synapse} is the axon's reply; otherwise it
 * is a copy of the request with its fields at what was sent (Python leaves e.g. {@code output} at its default), and
 * {@code statusCode}/{@code statusMessage} say why: the axon's HTTP status and message, or a client-side code as
 * Python's dendrite sets it (408 timeout, 503 connection refused, 422 unreadable reply).
 */
public record DendriteResponse<S extends Synapse>(AxonTarget target, S synapse, int statusCode, String statusMessage,
                                                  Duration elapsed) {
    public boolean isSuccess() {
        return statusCode == 200;
    }

    public boolean isTimeout() {
        return statusCode == 408;
    }
}
