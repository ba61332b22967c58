package io.computeregister.api.placement;

import io.computeregister.protocol.allocate.DeviceRequirement;
import java.util.ArrayList;
import java.util.List;

/**
 * Quantities, all checked so the verdict lists every shortfall (a client learns at once that both RAM and disk are
 * short). Units as the original compares them: cores; total GPU MiB strictly greater than GB × 1000; available RAM and
 * free disk in bytes against GiB × 1024³.
 */
final class Capacity implements Feasibility {

    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        DeviceRequirement r = request.requirements();
        if (r == null) return Verdict.FITS;
        Hardware c = miner.hardware();
        if (c.offer() != null) return againstOffer(r, c.offer());
        List<Shortfall> shortfalls = null;
        if (c.cpuCount() < r.cpuCount()) {
            shortfalls = add(shortfalls, new Shortfall(Reasons.CPU, "cpu", r.cpuCount(), c.cpuCount(), "cores"));
        }
        if (r.gpuCount() > 0) {
            if (c.gpuCount() < 1) {
                shortfalls = add(shortfalls, new Shortfall(Reasons.NO_GPU, "gpu", 1, c.gpuCount(), "gpus"));
            }
            // COMPAT: strictly greater (docs/protocol.md §2.3): a 24000 MiB card does not satisfy gpu_size 24.
            if (c.gpuTotalMib() <= r.gpuCapacityMib()) {
                shortfalls = add(shortfalls, new Shortfall(Reasons.GPU_MEMORY, "gpu memory", r.gpuCapacityMib() + 1,
                        c.gpuTotalMib(), "MiB"));
            }
        }
        if (c.ramAvailableBytes() < r.ramBytes()) {
            shortfalls = add(shortfalls, new Shortfall(Reasons.RAM, "ram", r.ramBytes(), c.ramAvailableBytes(), "bytes"));
        }
        if (c.diskFreeBytes() < r.hardDiskBytes()) {
            shortfalls = add(shortfalls,
                    new Shortfall(Reasons.DISK, "disk", r.hardDiskBytes(), c.diskFreeBytes(), "bytes"));
        }
        return shortfalls == null ? Verdict.FITS : new Verdict.Unfit(shortfalls.get(0).reason(), List.copyOf(shortfalls));
    }

    /**
     * Our miner: the request against what it offers in total (what others hold is {@link NotHeld}'s question). GPUs:
     * enough cards of the model to hold the requested memory, at least {@code gpu_count} (as our miner gives them).
     */
    private static Verdict againstOffer(DeviceRequirement r, Offer offer) {
        List<Shortfall> shortfalls = null;
        if (offer.cpus() < r.cpuCount()) {
            shortfalls = add(shortfalls, new Shortfall(Reasons.CPU, "cpu", r.cpuCount(), offer.cpus(), "cores"));
        }
        if (r.gpuCount() > 0 && offer.cardsFor(r) == Integer.MAX_VALUE) {
            shortfalls = add(shortfalls, new Shortfall(Reasons.NO_GPU, "gpu", r.gpuCount(), offer.matchingCards(r),
                    "gpus"));
        }
        if (offer.memoryBytes() < r.ramBytes()) {
            shortfalls = add(shortfalls, new Shortfall(Reasons.RAM, "ram", r.ramBytes(), offer.memoryBytes(), "bytes"));
        }
        if (offer.diskBytes() < r.hardDiskBytes()) {
            shortfalls = add(shortfalls,
                    new Shortfall(Reasons.DISK, "disk", r.hardDiskBytes(), offer.diskBytes(), "bytes"));
        }
        return shortfalls == null ? Verdict.FITS : new Verdict.Unfit(shortfalls.get(0).reason(), List.copyOf(shortfalls));
    }

    // Allocates only for miners that fall short: the common "fits" path creates no garbage.
    private static List<Shortfall> add(List<Shortfall> list, Shortfall s) {
        List<Shortfall> out = list == null ? new ArrayList<>(4) : list;
        out.add(s);
        return out;
    }
}
