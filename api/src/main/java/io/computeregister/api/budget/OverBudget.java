package io.computeregister.api.budget;

import io.computeregister.api.http.ApiException;

/** 429: the tenant's budget cannot pay for this request now; {@code Retry-After} says when it could. */
public final class OverBudget extends ApiException {

    private final long retryAfterSeconds;

    OverBudget(String detail, long retryAfterSeconds) {
        super(429, "Too Many Requests", detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds, at least 1 (the header's unit; rounded up so a retry at that time succeeds). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
