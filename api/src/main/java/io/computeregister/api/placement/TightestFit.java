package io.computeregister.api.placement;

import io.computeregister.protocol.allocate.DeviceRequirement;

/**
 * Best fit: prefers the miner the request fills most (requested / available, averaged over CPU, RAM and, when asked
 * for, GPU memory), so large miners stay free for large requests. Without requirements every miner scores 50.
 */
final class TightestFit implements Ranker {

    @Override
    public String name() {
        return "tightest-fit";
    }

    @Override
    public double score(PlacementRequest request, IndexedMiner miner) {
        DeviceRequirement r = request.requirements();
        Hardware c = miner.hardware();
        if (r == null || c == null) return 50;
        double sum = ratio(r.cpuCount(), c.cpuCount()) + ratio(r.ramBytes(), c.ramAvailableBytes());
        int dims = 2;
        if (r.gpuCount() > 0) {
            sum += ratio(r.gpuCapacityMib(), c.gpuTotalMib());
            dims++;
        }
        return 100 * sum / dims;
    }

    private static double ratio(long requested, long available) {
        if (available <= 0) return 1;
        return Math.min(1, Math.max(0, (double) requested / available));
    }
}
