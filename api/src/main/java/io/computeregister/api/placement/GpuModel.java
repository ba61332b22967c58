package io.computeregister.api.placement;

import io.computeregister.protocol.allocate.DeviceRequirement;

/**
 * COMPAT: the requested type is a case-insensitive substring of the miner's first GPU name (docs/protocol.md §2.3), so
 * "4090" matches "nvidia geforce rtx 4090". Both sides are lowercased ahead of time; this is one {@code contains}.
 */
final class GpuModel implements Feasibility {

    private static final Verdict MISMATCH = new Verdict.Unresolvable(Reasons.GPU_MODEL);

    @Override
    public String name() {
        return "gpu-model";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        DeviceRequirement r = request.requirements();
        if (r == null || r.gpuCount() == 0) return Verdict.FITS;
        Offer offer = miner.hardware().offer();
        if (offer != null) return offer.matchingCards(r) > 0 ? Verdict.FITS : MISMATCH; // any of its cards
        return miner.hardware().gpuName().contains(r.gpuType()) ? Verdict.FITS : MISMATCH;
    }
}
