package io.computeregister.miner.allocation;

/**
 * What one allocation takes from the host (besides one SSH port).
 *
 * @param cpus         cores (fractional allowed)
 * @param memoryBytes  bytes of memory
 * @param gpus         whole GPUs, at least
 * @param gpuType      the GPUs' model must contain this (case-insensitive); blank: any model
 * @param gpuMemoryMib the GPUs given must have at least this much memory together, MiB (the original API's
 *                     {@code gpu.capacity}); more than {@code gpus} cards are given when one is not enough; 0: any
 */
public record ResourceRequest(double cpus, long memoryBytes, int gpus, String gpuType, long gpuMemoryMib) {

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
        gpuType = gpuType == null ? "" : gpuType.strip();
        if (gpuMemoryMib < 0) {
            throw new IllegalArgumentException("GPU memory must be >= 0 MiB, got " + gpuMemoryMib);
        }
    }

    /** Any model, any memory. */
    public ResourceRequest(double cpus, long memoryBytes, int gpus) {
        this(cpus, memoryBytes, gpus, "", 0);
    }

    /** The same without GPUs. */
    public ResourceRequest withoutGpus() {
        return new ResourceRequest(cpus, memoryBytes, 0);
    }
}
