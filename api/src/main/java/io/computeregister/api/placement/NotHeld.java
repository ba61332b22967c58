package io.computeregister.api.placement;

import io.computeregister.api.store.Claim;
import io.computeregister.api.store.MinerUsage;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.util.ArrayList;
import java.util.List;

/**
 * Last: what others hold. An original miner (no offer) is busy while anything holds it: one renter per machine, as
 * the original (docs/protocol.md §3.3). One of ours fits while the request's claim fits in what its offer has left
 * after the reservations on it; every resource that is short is listed ("needs 2 GPUs, 1 free"). A map lookup and a
 * few compares, only reached by miners that passed everything else.
 */
final class NotHeld implements Feasibility {

    private static final Verdict BUSY = new Verdict.Unfit(Reasons.BUSY);

    @Override
    public String name() {
        return "not-held";
    }

    @Override
    public Verdict check(PlacementRequest request, IndexedMiner miner, Held held) {
        MinerUsage used = held.usage(miner.hotkey());
        Offer offer = miner.hardware() == null ? null : miner.hardware().offer(); // a pinned miner may have no specs
        if (offer == null || used.whole() > 0) return used.held() ? BUSY : Verdict.FITS;
        // Nothing held: Capacity already compared the request with the whole offer; only the ports are left.
        if (!used.held() && 1 + request.extraPorts() <= offer.ports()) return Verdict.FITS;
        DeviceRequirement r = request.requirements() != null ? request.requirements() : ANY;
        MinerUsage.Room left = used.left(offer.roomFor(r));
        Claim claim = offer.claimFor(r, request.extraPorts());
        if (left.admits(claim)) return Verdict.FITS;
        List<Shortfall> short_ = new ArrayList<>(2);
        if (claim.gpus() > left.gpus()) {
            // Built only for a miner that falls short: "gpus with > 20 GB together" reads as the renter asked.
            String what = r.gpuCapacityMib() > 0 ? "gpus with > " + r.gpuSizeGb() + " GB together" : "gpus";
            short_.add(new Shortfall(Reasons.FREE_GPUS, what, claim.gpus(), Math.max(0, left.gpus()), "gpus"));
        }
        if (claim.cpus() > left.cpus()) {
            short_.add(new Shortfall(Reasons.FREE_CPU, "cpu", claim.cpus(), Math.max(0, left.cpus()), "cores"));
        }
        if (claim.memoryBytes() > left.memoryBytes()) {
            short_.add(new Shortfall(Reasons.FREE_RAM, "ram", claim.memoryBytes(), Math.max(0, left.memoryBytes()),
                    "bytes"));
        }
        if (claim.diskBytes() > left.diskBytes()) {
            short_.add(new Shortfall(Reasons.FREE_DISK, "disk", claim.diskBytes(), Math.max(0, left.diskBytes()),
                    "bytes"));
        }
        if (claim.ports() > left.ports()) {
            short_.add(new Shortfall(Reasons.FREE_PORTS, "ports", claim.ports(), Math.max(0, left.ports()), "ports"));
        }
        return new Verdict.Unfit(short_.get(0).reason(), List.copyOf(short_));
    }

    /** allocate_hotkey asks for no resources: it takes one SSH port and nothing else. */
    static final DeviceRequirement ANY = new DeviceRequirement(0, 0, "", 0, 0, 0, false);
}
