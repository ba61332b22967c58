package io.computeregister.api.store;

/** Outcome of claiming an {@code Idempotency-Key} for a tenant. */
public sealed interface IdempotencyClaim {

    /** First use of the key: the caller proceeds and later binds or releases it. */
    record Claimed() implements IdempotencyClaim {}

    /** The key already produced this allocation for the same request: return it again. */
    record Replay(String allocationUuid) implements IdempotencyClaim {}

    /** An earlier request with this key is still running. */
    record InProgress() implements IdempotencyClaim {}

    /** The key was used with a different request body or parameters. */
    record DifferentRequest() implements IdempotencyClaim {}
}
