package io.computeregister.api.placement.check;

import io.computeregister.api.placement.Feasibility;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.MinerView;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.placement.Reasons;
import io.computeregister.api.placement.Verdict;

/** Last: reserved or allocated miners. A set lookup, only reached by miners that passed everything else. */
public final class NotHeld implements Feasibility {

    private static final Verdict BUSY = new Verdict.Unfit(Reasons.BUSY);

    @Override
    public String name() {
        return "not-held";
    }

    @Override
    public Verdict check(PlacementRequest request, MinerView miner, Held held) {
        return held.isHeld(miner.hotkey()) ? BUSY : Verdict.FITS;
    }
}
