package io.computeregister.api.refusal;

/** No miner can take the request now: none fits, the one asked for is busy, blocked or not in the metagraph. */
public final class NotAvailable extends Refusal {

    public NotAvailable(String message, String detail) {
        super(message, detail);
    }
}
