package io.computeregister.api.placement;

/** One yes/no question about a miner. Implementations are stateless and cheap; precompute verdicts where possible. */
public interface Feasibility {

    String name();

    Verdict check(PlacementRequest request, IndexedMiner miner, Held held);
}
