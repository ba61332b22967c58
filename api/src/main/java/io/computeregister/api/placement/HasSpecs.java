package io.computeregister.api.placement;


/** Resource requests need usable specs; a hotkey-pinned request (no requirements) does not, as in the original. */
final class HasSpecs implements Feasibility {

    private static final Verdict NO_SPECS = new Verdict.Unfit(Reasons.NO_SPECS);

    @Override
    public String name() {
        return "has-specs";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        return request.requirements() != null && miner.hardware() == null ? NO_SPECS : Verdict.FITS;
    }
}
