package io.computeregister.api.placement;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * A miner's hardware as placement compares it: the figures of its spec report (docs/protocol.md §9.10), parsed once
 * per index refresh so a decision never touches JSON. RAM and disk are what the miner reported free. GPU fields are
 * zero/empty when the miner reports no GPU. {@code offer} is what our miner rents out in total (several renters per
 * machine); null for an original miner (one renter, the whole machine).
 */
public record Hardware(int cpuCount, int gpuCount, long gpuTotalMib, String gpuName, long ramAvailableBytes,
                       long diskFreeBytes, Offer offer) {

    /** An original miner's hardware: no offer. */
    public Hardware(int cpuCount, int gpuCount, long gpuTotalMib, String gpuName, long ramAvailableBytes,
                    long diskFreeBytes) {
        this(cpuCount, gpuCount, gpuTotalMib, gpuName, ramAvailableBytes, diskFreeBytes, null);
    }

    /** The same hardware rented whole (an original miner's, whatever its report says it offers). */
    public Hardware withoutOffer() {
        return new Hardware(cpuCount, gpuCount, gpuTotalMib, gpuName, ramAvailableBytes, diskFreeBytes, null);
    }

    /** Null when the JSON lacks the CPU, RAM or disk figures (the original excluded such miners too). */
    public static Hardware fromSpecs(JsonNode specs) {
        if (specs == null || !specs.isObject()) return null;
        JsonNode cpu = specs.path("cpu").path("count");
        JsonNode ram = specs.path("ram").path("available");
        JsonNode disk = specs.path("hard_disk").path("free");
        if (!cpu.isNumber() || !ram.isNumber() || !disk.isNumber()) return null;
        JsonNode gpu = specs.path("gpu");
        int gpuCount = gpu.path("count").asInt(0);
        long gpuMib = gpu.path("capacity").asLong(0);
        String gpuName = gpu.path("details").path(0).path("name").asText("").toLowerCase(Locale.ROOT);
        return new Hardware(cpu.asInt(), gpuCount, gpuMib, gpuName, ram.asLong(), disk.asLong(),
                Offer.fromSpecs(specs.get("offer"), specs.get("images")));
    }
}
