package io.computeregister.api.refusal;

/** An {@code Idempotency-Key} that cannot be honoured; {@link Kind} says why. */
public final class IdempotencyConflict extends Refusal {

    public enum Kind {
        /** Empty or longer than the store keeps. */
        MALFORMED_KEY,
        /** The first request with this key has not finished; the client may retry later. */
        STILL_RUNNING,
        /** The key was used before with a different request. */
        OTHER_REQUEST
    }

    private final Kind kind;

    public IdempotencyConflict(Kind kind, String message, String detail) {
        super(message, detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
