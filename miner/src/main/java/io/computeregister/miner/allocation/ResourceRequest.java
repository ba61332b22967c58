package io.computeregister.miner.allocation;

/**
 * What one allocation takes from the host (besides one SSH port).
 *
 * @param cpus        cores (fractional allowed)
 * @param memoryBytes bytes of memory
 * @param gpus        whole GPUs
 */
public record ResourceRequest(double cpus, long memoryBytes, int gpus) {

    public ResourceRequest {
        if (!(cpus >= 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be >= 0, got " + cpus);
        }
        if (memoryBytes < 0) {
            throw new IllegalArgumentException("memory must be >= 0 bytes, got " + memoryBytes);
        }
        if (gpus < 0) {
            throw new IllegalArgumentException("gpus must be >= 0, got " + gpus);
        }
    }
}
