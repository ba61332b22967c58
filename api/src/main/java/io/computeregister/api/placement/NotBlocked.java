package io.computeregister.api.placement;


/** The operator's blacklist (POST /admin/miners/block). */
final class NotBlocked implements Feasibility {

    private static final Verdict BLOCKED = new Verdict.Unresolvable(Reasons.BLOCKED);

    @Override
    public String name() {
        return "not-blocked";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        return miner.blocked() ? BLOCKED : Verdict.FITS;
    }
}
