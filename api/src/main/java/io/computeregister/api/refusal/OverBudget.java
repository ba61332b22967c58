package io.computeregister.api.refusal;

/** The tenant's request budget cannot pay for this request now; {@link #retryAfterSeconds()} says when it could. */
public final class OverBudget extends Refusal {

    private final long retryAfterSeconds;

    public OverBudget(String detail, long retryAfterSeconds) {
        super("Too Many Requests", detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds, at least 1 (the header's unit; rounded up so a retry at that time succeeds). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
