package io.computeregister.api.placement;

import io.computeregister.api.store.Health;

/** Skips miners the health loop marked down. Unknown health passes: a new miner gets its chance. */
final class Online implements Feasibility {

    private static final Verdict OFFLINE = new Verdict.Unfit(Reasons.OFFLINE);

    @Override
    public String name() {
        return "online";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        return miner.health() == Health.DOWN ? OFFLINE : Verdict.FITS;
    }
}
