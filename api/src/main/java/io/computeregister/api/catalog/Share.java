package io.computeregister.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.placement.Hardware;
import io.computeregister.api.placement.Offer;
import io.computeregister.api.store.MinerUsage;
import java.util.List;

/**
 * What one of our miners rents out, in the resource lists' units (cores, GPUs, GiB to two decimals, host ports): its
 * whole {@code offer}, or what is left of it beside the allocations on it. Original miners have none (rented whole).
 */
record Share(int cpuCount, int gpuCount, double ram, double hardDisk, int ports) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** The offer of a report our miner answered itself, with its image catalog; null when it offers none. */
    record Offered(Share total, long memoryBytes, long diskBytes, List<String> images) {

        static Offered of(JsonNode specs) {
            // The offer as placement reads it (one parser): only a report with the figures the lists need has one.
            Hardware hardware = Hardware.fromSpecs(specs);
            Offer o = hardware == null ? null : hardware.offer();
            if (o == null) return null;
            return new Offered(new Share(o.cpus(), o.gpus().size(), gib(o.memoryBytes()), gib(o.diskBytes()),
                    o.ports()), o.memoryBytes(), o.diskBytes(), o.images());
        }

        /** What is left beside what the reservations on the miner take. */
        Share free(MinerUsage used) {
            return new Share(Math.max(0, total.cpuCount - used.cpus()), Math.max(0, total.gpuCount - used.gpus()),
                    gib(Math.max(0, memoryBytes - used.memoryBytes())), gib(Math.max(0, diskBytes - used.diskBytes())),
                    Math.max(0, total.ports - used.ports()));
        }

        /**
         * Whether nothing more can be rented there: something holds it whole, or no core, no port (or, on a GPU
         * host, no GPU) is left. resources_sql says "reserved" then, "available" while a renter still fits.
         */
        boolean full(MinerUsage used) {
            Share free = free(used);
            return used.whole() > 0 || free.cpuCount < 1 || free.ports < 1 || (total.gpuCount > 0 && free.gpuCount < 1);
        }
    }

    private static double gib(long bytes) {
        return Math.round(bytes / GIB * 100) / 100.0;
    }
}
