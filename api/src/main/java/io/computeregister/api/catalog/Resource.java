package io.computeregister.api.catalog;

/**
 * An item of the resource lists (docs/protocol.md §9.4). COMPAT: the original declared the capacities as strings but
 * emitted JSON numbers; we emit numbers too. {@code gpu_capacity} is GiB over all GPUs; {@code ram} and
 * {@code hard_disk} GiB (available RAM in resources_sql, total RAM in resources_wandb, as the original). The lists
 * render it once per load of the miners ({@link Listing}); {@code allocate_status} must stay its last component.
 */
public record Resource(String hotkey, int cpuCount, String gpuName, double gpuCapacity, int gpuCount, double ram,
                       double hardDisk, String allocateStatus) {

    static final String AVAILABLE = "available";
    static final String RESERVED = "reserved";
}
