package io.computeregister.api.placement.check;

import io.computeregister.api.placement.Feasibility;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.MinerView;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.placement.Reasons;
import io.computeregister.api.placement.Verdict;

/** The operator's blacklist (POST /admin/miners/block). */
public final class NotBlocked implements Feasibility {

    private static final Verdict BLOCKED = new Verdict.Unresolvable(Reasons.BLOCKED);

    @Override
    public String name() {
        return "not-blocked";
    }

    @Override
    public Verdict check(PlacementRequest request, MinerView miner, Held held) {
        return miner.blocked() ? BLOCKED : Verdict.FITS;
    }
}
