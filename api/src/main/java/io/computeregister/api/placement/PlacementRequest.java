package io.computeregister.api.placement;

import io.computeregister.protocol.allocate.DeviceRequirement;

/**
 * One placement question. {@code requirements} are what the miner will be asked for (bytes, MiB; a GPU when
 * {@code gpuCount > 0}); null means "any resources" (allocate_hotkey). {@code pinnedHotkey} restricts the pipeline to
 * that miner. {@code seed} (from the request id) makes tie-breaking repeatable.
 */
public record PlacementRequest(DeviceRequirement requirements, String pinnedHotkey, long seed, int extraPorts,
                               String image) {

    public static PlacementRequest forSpec(DeviceRequirement requirements, long seed) {
        return new PlacementRequest(requirements, null, seed, 0, null);
    }

    public static PlacementRequest forHotkey(String hotkey, long seed) {
        return new PlacementRequest(null, hotkey, seed, 0, null);
    }

    /** The same with {@code n} container ports to publish besides SSH (each takes a host port of the miner's). */
    public PlacementRequest withExtraPorts(int n) {
        return new PlacementRequest(requirements, pinnedHotkey, seed, n, image);
    }

    /**
     * The same asking for the image named {@code baseImage} from our miners' catalogs; "", null and the original's
     * default "ubuntu" ask for nothing (every miner's default image).
     */
    public PlacementRequest withImage(String baseImage) {
        String name = baseImage == null || baseImage.isBlank() || baseImage.strip().equals(DEFAULT_IMAGE) ? null
                : baseImage.strip();
        return new PlacementRequest(requirements, pinnedHotkey, seed, extraPorts, name);
    }

    /** The original's {@code base_image} default (docs/protocol.md §9.2): it means "the miner's default". */
    public static final String DEFAULT_IMAGE = "ubuntu";
}
