package io.computeregister.api.placement;

/**
 * One placement question. {@code requirements} null means "any resources" (allocate_hotkey); {@code pinnedHotkey}
 * restricts the pipeline to that miner. {@code seed} (from the request id) makes tie-breaking repeatable.
 */
public record PlacementRequest(Requirements requirements, String pinnedHotkey, long seed) {

    public static PlacementRequest forSpec(Requirements requirements, long seed) {
        return new PlacementRequest(requirements, null, seed);
    }

    public static PlacementRequest forHotkey(String hotkey, long seed) {
        return new PlacementRequest(null, hotkey, seed);
    }
}
