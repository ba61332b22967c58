package io.computeregister.bittensor.axon;

/** A request the axon answers with an error status instead of calling the handler. */
final class AxonRejection extends Exception {
    final int status;

    AxonRejection(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
