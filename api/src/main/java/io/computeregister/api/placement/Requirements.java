package io.computeregister.api.placement;

import java.util.Locale;

/**
 * What a request needs, in the original's units (registerapi-reference §9.1): cores, GiB of RAM and disk, a GPU model
 * substring and a size in GB. {@code gpuType} is kept lowercased for the case-insensitive match.
 */
public record Requirements(int cpuCount, String gpuType, int gpuSizeGb, int ramGib, int diskGib) {

    public static final long GIB = 1024L * 1024 * 1024;

    public Requirements {
        gpuType = gpuType == null ? "" : gpuType.toLowerCase(Locale.ROOT);
    }

    /** COMPAT: the original only asks for a GPU when the type is non-empty AND the size is non-zero (§2.3). */
    public boolean wantsGpu() {
        return !gpuType.isEmpty() && gpuSizeGb != 0;
    }

    /** COMPAT: GB × 1000 compared with MiB (§2.3); kept so a request fits the same miners it fit before. */
    public long gpuMemoryMib() {
        return gpuSizeGb * 1000L;
    }

    public long ramBytes() {
        return ramGib * GIB;
    }

    public long diskBytes() {
        return diskGib * GIB;
    }
}
