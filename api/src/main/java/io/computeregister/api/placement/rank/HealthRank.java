package io.computeregister.api.placement.rank;

import io.computeregister.api.placement.MinerView;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.placement.Ranker;

/** Prefers miners the health loop has seen answering over ones never probed. */
public final class HealthRank implements Ranker {

    @Override
    public String name() {
        return "health";
    }

    @Override
    public double score(PlacementRequest request, MinerView miner) {
        return switch (miner.health()) {
            case ONLINE -> 100;
            case UNKNOWN -> 50;
            case DOWN -> 0;
        };
    }
}
