package io.computeregister.api.placement.check;

import io.computeregister.api.placement.Feasibility;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.MinerView;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.placement.Reasons;
import io.computeregister.api.placement.Verdict;
import io.computeregister.protocol.allocate.DeviceRequirement;

/**
 * COMPAT: the requested type is a case-insensitive substring of the miner's first GPU name (docs/protocol.md §2.3), so
 * "4090" matches "nvidia geforce rtx 4090". Both sides are lowercased ahead of time; this is one {@code contains}.
 */
public final class GpuModel implements Feasibility {

    private static final Verdict MISMATCH = new Verdict.Unresolvable(Reasons.GPU_MODEL);

    @Override
    public String name() {
        return "gpu-model";
    }

    @Override
    public Verdict check(PlacementRequest request, MinerView miner, Held held) {
        DeviceRequirement r = request.requirements();
        if (r == null || r.gpuCount() == 0) return Verdict.FITS;
        return miner.capacity().gpuName().contains(r.gpuType()) ? Verdict.FITS : MISMATCH;
    }
}
