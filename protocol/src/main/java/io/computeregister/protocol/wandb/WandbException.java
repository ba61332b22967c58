package io.computeregister.protocol.wandb;

/** A W&amp;B call failed: the message says which call, against which address, and why, never with the API key. */
public final class WandbException extends RuntimeException {

    public WandbException(String message) {
        super(message);
    }

    public WandbException(String message, Throwable cause) {
        super(message, cause);
    }
}
