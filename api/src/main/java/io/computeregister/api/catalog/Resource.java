package io.computeregister.api.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An item of the resource lists (docs/protocol.md §9.4). COMPAT: the original declared the capacities as strings but
 * emitted JSON numbers; we emit numbers too. {@code gpu_capacity} is GiB over all GPUs; {@code ram} and
 * {@code hard_disk} GiB (available RAM in resources_sql, total RAM in resources_wandb, as the original). The lists
 * render it once per load of the miners ({@link Listing}); {@code allocate_status} must stay its last component.
 *
 * <p>Ours besides: {@code specs_source}, where the figures came from ({@code "specs"}: the miner's own answer,
 * {@code "wandb"}: its signed W&amp;B run, {@code "validator-db"}: an original validator's database), and
 * {@code specs_reported_at}, when that source reported them (ISO-8601 UTC). Both only in resources_sql, whose figures
 * are the store's; resources_wandb's come from the runs themselves and leave them out. For our miners (several
 * renters per machine) resources_sql also carries {@code offer} (what it rents out in total: cores, GPUs, GiB of RAM
 * and disk, host ports), {@code images} (its image catalog, the default first) and, after {@code allocate_status},
 * {@code free} (what is left of the offer beside the allocations on it, written per request by {@link Listing}).
 */
public record Resource(String hotkey, int cpuCount, String gpuName, double gpuCapacity, int gpuCount, double ram,
                       double hardDisk,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String specsSource,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String specsReportedAt,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Share offer,
                       @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<String> images,
                       String allocateStatus) {

    static final String AVAILABLE = "available";
    static final String RESERVED = "reserved";
}
