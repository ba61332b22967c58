package io.computeregister.api.refusal;

/**
 * The caller holds no such allocation. Another tenant's allocation is refused exactly like a missing one, so a renter
 * cannot learn what others hold.
 */
public final class NotYours extends Refusal {

    public NotYours(String message, String detail) {
        super(message, detail);
    }
}
