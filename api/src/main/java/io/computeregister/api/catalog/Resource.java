package io.computeregister.api.lists;

/**
 * An item of the resource lists (§9.4). COMPAT: the original declared the capacities as strings but emitted JSON
 * numbers; we emit numbers too. {@code gpu_capacity} is GiB over all GPUs; {@code ram} and {@code hard_disk} GiB
 * (available RAM in resources_sql, total RAM in resources_wandb, as the original).
 */
public record Resource(String hotkey, int cpuCount, String gpuName, double gpuCapacity, int gpuCount, double ram,
                       double hardDisk, String allocateStatus) {

    static final String AVAILABLE = "available";
    static final String RESERVED = "reserved";
}
