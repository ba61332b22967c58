package io.computeregister.api.placement;

import io.computeregister.protocol.allocate.DeviceRequirement;

/**
 * One placement question. {@code requirements} are what the miner will be asked for (bytes, MiB; a GPU when
 * {@code gpuCount > 0}); null means "any resources" (allocate_hotkey). {@code pinnedHotkey} restricts the pipeline to
 * that miner. {@code seed} (from the request id) makes tie-breaking repeatable.
 */
public record PlacementRequest(DeviceRequirement requirements, String pinnedHotkey, long seed, int extraPorts) {

    public static PlacementRequest forSpec(DeviceRequirement requirements, long seed) {
        return new PlacementRequest(requirements, null, seed, 0);
    }

    public static PlacementRequest forHotkey(String hotkey, long seed) {
        return new PlacementRequest(null, hotkey, seed, 0);
    }

    /** The same with {@code n} container ports to publish besides SSH (each takes a host port of the miner's). */
    public PlacementRequest withExtraPorts(int n) {
        return new PlacementRequest(requirements, pinnedHotkey, seed, n);
    }
}
