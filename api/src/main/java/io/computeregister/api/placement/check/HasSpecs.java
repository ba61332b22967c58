package io.computeregister.api.placement.check;

import io.computeregister.api.placement.Feasibility;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.MinerView;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.placement.Reasons;
import io.computeregister.api.placement.Verdict;

/** Resource requests need usable specs; a hotkey-pinned request (no requirements) does not, as in the original. */
public final class HasSpecs implements Feasibility {

    private static final Verdict NO_SPECS = new Verdict.Unfit(Reasons.NO_SPECS);

    @Override
    public String name() {
        return "has-specs";
    }

    @Override
    public Verdict check(PlacementRequest request, MinerView miner, Held held) {
        return request.requirements() != null && miner.capacity() == null ? NO_SPECS : Verdict.FITS;
    }
}
