package io.computeregister.api.placement;


/** Last: reserved or allocated miners. A set lookup, only reached by miners that passed everything else. */
final class NotHeld implements Feasibility {

    private static final Verdict BUSY = new Verdict.Unfit(Reasons.BUSY);

    @Override
    public String name() {
        return "not-held";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        return held.isHeld(miner.hotkey()) ? BUSY : Verdict.FITS;
    }
}
