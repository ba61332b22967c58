package io.computeregister.api.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import java.util.Locale;

/**
 * The figures of a spec report (docs/protocol.md §9.10) the lists show and filter on, in the units the lists use
 * (GiB to two decimals).
 *
 * @param ramTotalCeilGib {@code ceil(ram.total / GiB)}, what count_all_by_model compares {@code ram_size} with
 */
record SpecFigures(String gpuName, int gpuCount, double gpuGib, int cpuCount, double ramAvailableGib,
                   double ramTotalGib, double ramTotalCeilGib, double diskFreeGib) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** Null when the report is missing, not an object, or lacks a numeric CPU count, available RAM or free disk. */
    static SpecFigures of(JsonNode specs) {
        if (!usable(specs)) return null;
        JsonNode gpu = specs.path("gpu");
        double ramTotal = specs.path("ram").path("total").asDouble(0);
        return new SpecFigures(gpu.path("details").path(0).path("name").asText("").toLowerCase(Locale.ROOT).intern(),
                gpu.path("count").asInt(0),
                round2(gpu.path("capacity").asDouble(0) / 1024),
                specs.path("cpu").path("count").asInt(),
                round2(specs.path("ram").path("available").asDouble() / GIB),
                round2(ramTotal / GIB),
                Math.ceil(ramTotal / GIB),
                round2(specs.path("hard_disk").path("free").asDouble() / GIB));
    }

    /**
     * A stored report as the lists print it, parsed (so it is written again by the API's mapper and an answer never
     * depends on the miner's whitespace or number spelling); null unless usable.
     */
    static JsonNode printable(String storedReport) {
        if (storedReport == null || storedReport.isBlank()) return null;
        try {
            JsonNode specs = Json.MAPPER.readTree(storedReport);
            return usable(specs) ? specs : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean usable(JsonNode specs) {
        return specs != null && specs.isObject() && specs.path("cpu").path("count").isNumber()
                && specs.path("ram").path("available").isNumber() && specs.path("hard_disk").path("free").isNumber();
    }

    /**
     * The resource lists' item (available RAM in resources_sql, total RAM in resources_wandb, as the original);
     * {@code source} and {@code reportedAt} null leave those fields out.
     */
    Resource resource(String hotkey, boolean totalRam, String source, String reportedAt, Share.Offered offered,
                      String status) {
        return new Resource(hotkey, cpuCount, gpuName, gpuGib, gpuCount, totalRam ? ramTotalGib : ramAvailableGib,
                diskFreeGib, source, reportedAt, offered == null ? null : offered.total(),
                offered == null ? null : offered.images(), status);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
