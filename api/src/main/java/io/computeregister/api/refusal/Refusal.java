package io.computeregister.api.refusal;

/**
 * A service's "no": the request was understood and cannot be done. {@link #getMessage()} and {@link #detail()} are
 * what the renter reads ({@code message} and {@code err_detail} of the error envelope); {@code http.ErrorMapper} gives
 * each kind its status, so a service never names one. Never carries a secret; no stack trace (an answer, not a fault).
 */
public abstract sealed class Refusal extends RuntimeException
        permits NotAvailable, NotYours, InvalidRequest, MinerDeclined, IdempotencyConflict, OverBudget {

    private final String detail;

    Refusal(String message, String detail) {
        super(message, null, false, false);
        this.detail = detail;
    }

    public String detail() {
        return detail;
    }
}
