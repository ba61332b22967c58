package io.computeregister.api.lists;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import java.time.Instant;
import java.util.Locale;

/**
 * A miner as the lists show it: its listable figures in the lists' units (GiB, rounded as the original), parsed once
 * per catalog load from its spec report (docs/protocol.md §9.10). {@code specs} is null when the miner reported none
 * or the report lacks the CPU/RAM/disk figures (the original dropped such miners).
 */
record ListedMiner(String hotkey, Integer uid, Health health, boolean blocked, Instant seenAt, JsonNode specs,
                   String gpuName, int gpuCount, double gpuGib, int cpuCount, double ramAvailableGib,
                   double ramTotalGib, double diskFreeGib) {

    private static final double GIB = 1024.0 * 1024 * 1024;

    static ListedMiner of(MinerRecord m, JsonNode specs) {
        return of(m.hotkey(), m.uid(), m.health(), m.blocked(),
                m.specsUpdatedAt() != null ? m.specsUpdatedAt() : m.lastSeen(), specs);
    }

    /** This miner with other specs (the W&amp;B run's {@code config.specs} instead of its own report). */
    ListedMiner withSpecs(JsonNode otherSpecs) {
        return of(hotkey, uid, health, blocked, seenAt, otherSpecs);
    }

    private static ListedMiner of(String hotkey, Integer uid, Health health, boolean blocked, Instant seen,
                                 JsonNode specs) {
        if (specs == null || !specs.isObject() || !specs.path("cpu").path("count").isNumber()
                || !specs.path("ram").path("available").isNumber() || !specs.path("hard_disk").path("free").isNumber()) {
            return new ListedMiner(hotkey, uid, health, blocked, seen, null, "", 0, 0, 0, 0, 0, 0);
        }
        JsonNode gpu = specs.path("gpu");
        return new ListedMiner(hotkey, uid, health, blocked, seen, specs,
                gpu.path("details").path(0).path("name").asText("").toLowerCase(Locale.ROOT),
                gpu.path("count").asInt(0),
                round2(gpu.path("capacity").asDouble(0) / 1024),
                specs.path("cpu").path("count").asInt(),
                round2(specs.path("ram").path("available").asDouble() / GIB),
                round2(specs.path("ram").path("total").asDouble(0) / GIB),
                round2(specs.path("hard_disk").path("free").asDouble() / GIB));
    }

    /** The original's "running" filter read W&B run state; ours is the API's own view: not down, not blocked. */
    boolean running() {
        return health != Health.DOWN && !blocked;
    }

    boolean hasSpecs() {
        return specs != null;
    }

    /** The W&B-style run name the original's run_by_name matched ({@code <role>-<hotkey>}). */
    String runName() {
        return "miner-" + hotkey;
    }

    Resource resource(boolean reserved, boolean totalRam) {
        return new Resource(hotkey, cpuCount, gpuName, gpuGib, gpuCount, totalRam ? ramTotalGib : ramAvailableGib,
                diskFreeGib, reserved ? Resource.RESERVED : Resource.AVAILABLE);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
