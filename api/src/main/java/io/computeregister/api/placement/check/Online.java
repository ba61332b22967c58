package io.computeregister.api.placement.check;

import io.computeregister.api.placement.Feasibility;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.MinerView;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.placement.Reasons;
import io.computeregister.api.placement.Verdict;
import io.computeregister.api.store.Health;

/** Skips miners the health loop marked down. Unknown health passes: a new miner gets its chance. */
public final class Online implements Feasibility {

    private static final Verdict OFFLINE = new Verdict.Unfit(Reasons.OFFLINE);

    @Override
    public String name() {
        return "online";
    }

    @Override
    public Verdict check(PlacementRequest request, MinerView miner, Held held) {
        return miner.health() == Health.DOWN ? OFFLINE : Verdict.FITS;
    }
}
