package io.computeregister.api.placement;

/** Scores a feasible miner 0..100 (higher is better) so rankers compose under weights. */
public interface Ranker {

    String name();

    double score(PlacementRequest request, IndexedMiner miner);
}
