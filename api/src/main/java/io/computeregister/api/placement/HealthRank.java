package io.computeregister.api.placement;


/** Prefers miners the health loop has seen answering over ones never probed. */
final class HealthRank implements Ranker {

    @Override
    public String name() {
        return "health";
    }

    @Override
    public double score(PlacementRequest request, IndexedMiner miner) {
        return switch (miner.health()) {
            case ONLINE -> 100;
            case UNKNOWN -> 50;
            case DOWN -> 0;
        };
    }
}
