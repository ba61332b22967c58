package io.computeregister.api.refusal;

/**
 * A request that passed the field checks but that the service cannot act on: an empty hotkey, a {@code uuid_key} that
 * is not a UUID or not the allocation's.
 */
public final class InvalidRequest extends Refusal {

    public InvalidRequest(String message, String detail) {
        super(message, detail);
    }
}
