package io.computeregister.api.refusal;

/** The miner did not confirm an action on the renter's container (it said no, or did not answer in time). */
public final class MinerDeclined extends Refusal {

    public MinerDeclined(String message, String detail) {
        super(message, detail);
    }
}
