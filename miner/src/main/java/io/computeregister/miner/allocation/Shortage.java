package io.computeregister.miner.allocation;

import java.util.Locale;

/**
 * One resource the host is short of for a request: it needs more than is free (Kubernetes'
 * {@code InsufficientResource}). Amounts are in the resource's unit: CPU in millicores (so fractions stay exact),
 * memory in bytes, GPUs and ports as counts.
 *
 * @param resource  which resource
 * @param requested how much the request needs
 * @param free      how much is free now
 * @param capacity  the host's total
 * @param qualifier what else the request asked of the resource (e.g. "type 'h100'" for GPUs), counted among only
 *                  those units that qualify; empty for none
 */
public record Shortage(Resource resource, long requested, long free, long capacity, String qualifier) {

    public Shortage {
        qualifier = qualifier == null ? "" : qualifier;
    }

    public Shortage(Resource resource, long requested, long free, long capacity) {
        this(resource, requested, free, capacity, "");
    }

    public enum Resource {
        CPU("millicores"),
        MEMORY("bytes"),
        GPU("gpus"),
        PORT("ports");

        private final String unit;

        Resource(String unit) {
            this.unit = unit;
        }

        public String unit() {
            return unit;
        }

        /** The wire/log name: "cpu", "memory", "gpu", "port". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * E.g. "insufficient cpu: requested 4000 millicores, 2500 free of 8000", or with a qualifier "insufficient gpu
     * (type 'h100'): requested 1 gpus, 0 free of 0".
     */
    public String reason() {
        return "insufficient " + resource.key() + (qualifier.isEmpty() ? "" : " (" + qualifier + ")") + ": requested "
                + requested + " " + resource.unit() + ", " + free + " free of " + capacity;
    }
}
