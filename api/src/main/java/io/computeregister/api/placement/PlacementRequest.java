package io.computeregister.api.placement;

import io.computeregister.protocol.allocate.DeviceRequirement;

/**
 * One placement question. {@code requirements} are what the miner will be asked for (bytes, MiB; a GPU when
 * {@code gpuCount > 0}); null means "any resources" (allocate_hotkey). {@code pinnedHotkey} restricts the pipeline to
 * that miner. {@code seed} (from the request id) makes tie-breaking repeatable.
 */
public record PlacementRequest(DeviceRequirement requirements, String pinnedHotkey, long seed) {

    public static PlacementRequest forSpec(DeviceRequirement requirements, long seed) {
        return new PlacementRequest(requirements, null, seed);
    }

    public static PlacementRequest forHotkey(String hotkey, long seed) {
        return new PlacementRequest(null, hotkey, seed);
    }
}
