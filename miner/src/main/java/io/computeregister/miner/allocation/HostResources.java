package io.computeregister.miner.allocation;

import io.computeregister.protocol.specs.MinerSpecs;

/**
 * What the host can give to allocations in total: measured by the specs probe or set in the miner's configuration.
 *
 * @param cpus        cores
 * @param memoryBytes bytes of memory
 * @param gpus        GPUs
 * @param sshPorts    ports in the configured SSH port range
 */
public record HostResources(double cpus, long memoryBytes, int gpus, int sshPorts) {

    public HostResources {
        if (!(cpus >= 0) || memoryBytes < 0 || gpus < 0 || sshPorts < 0) {
            throw new IllegalArgumentException("host resources cannot be negative: cpus=" + cpus + " memory="
                    + memoryBytes + " gpus=" + gpus + " ports=" + sshPorts);
        }
    }

    /**
     * Totals from a specs probe: CPU cores, total RAM and GPU count; a section the probe could not measure counts as
     * zero (nothing fits until it is configured).
     */
    public static HostResources fromSpecs(MinerSpecs specs, int sshPorts) {
        double cpus = specs.cpu() == null || specs.cpu().count() == null ? 0 : specs.cpu().count();
        long memory = specs.ram() == null || specs.ram().total() == null ? 0 : specs.ram().total();
        int gpus = specs.gpu() == null || specs.gpu().count() == null ? 0 : specs.gpu().count();
        return new HostResources(cpus, memory, gpus, sshPorts);
    }
}
