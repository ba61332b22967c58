package io.computeregister.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.RequestReader;
import java.util.Locale;

/**
 * The optional filter body of the resource lists (docs/protocol.md §9.5): every field optional, bounds inclusive,
 * capacities in GiB, {@code gpu_name} a case-insensitive substring.
 */
public record ResourceQuery(String gpuName, Integer cpuCountMin, Integer cpuCountMax, Double gpuCapacityMin,
                            Double gpuCapacityMax, Double hardDiskTotalMin, Double hardDiskTotalMax,
                            Double ramTotalMin, Double ramTotalMax) {

    public static final ResourceQuery ANY = new ResourceQuery(null, null, null, null, null, null, null, null, null);

    /** The body is the query itself (FastAPI's single body parameter); absent or JSON null = no filter. */
    public static ResourceQuery read(RequestReader in, JsonNode body) {
        if (body == null || body.isNull()) return ANY;
        if (!in.isObject(body)) return ANY;
        String name = in.optionalStringField(body, "gpu_name");
        return new ResourceQuery(name == null ? null : name.toLowerCase(Locale.ROOT),
                in.optionalIntField(body, "cpu_count_min"), in.optionalIntField(body, "cpu_count_max"),
                in.optionalNumberField(body, "gpu_capacity_min"), in.optionalNumberField(body, "gpu_capacity_max"),
                in.optionalNumberField(body, "hard_disk_total_min"), in.optionalNumberField(body, "hard_disk_total_max"),
                in.optionalNumberField(body, "ram_total_min"), in.optionalNumberField(body, "ram_total_max"));
    }

    /** The RAM bounds apply to the RAM the flavour lists: available (resources_sql) or total (resources_wandb). */
    boolean matches(SpecFigures f, boolean totalRam) {
        return (gpuName == null || f.gpuName().contains(gpuName))
                && within(f.cpuCount(), cpuCountMin, cpuCountMax)
                && within(f.gpuGib(), gpuCapacityMin, gpuCapacityMax)
                && within(f.diskFreeGib(), hardDiskTotalMin, hardDiskTotalMax)
                && within(totalRam ? f.ramTotalGib() : f.ramAvailableGib(), ramTotalMin, ramTotalMax);
    }

    private static boolean within(double value, Number min, Number max) {
        return (min == null || value >= min.doubleValue()) && (max == null || value <= max.doubleValue());
    }
}
