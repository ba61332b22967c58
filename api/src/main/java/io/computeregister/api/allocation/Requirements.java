package io.computeregister.api.allocation;

import io.computeregister.protocol.allocate.DeviceRequirement;
import java.util.Locale;

/**
 * The {@code requirements} object of allocate_spec's body, in the request's units (docs/protocol.md §9.1): cores, GiB
 * of RAM and disk, a GPU model substring and a size in GB. It is what the renter asked, kept as asked for the
 * Idempotency-Key fingerprint; placement and the miner get {@link #device()}. {@code gpuType} is lowercased for the
 * case-insensitive match.
 */
public record Requirements(int cpuCount, String gpuType, int gpuSizeGb, int ramGib, int diskGib) {

    public Requirements {
        gpuType = gpuType == null ? "" : gpuType.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code Allocate.device_requirement} for this request: bytes, and GPU memory as GB × 1000 MiB, the GPU only when
     * a type and a size are given (COMPAT, docs/protocol.md §2.3).
     */
    public DeviceRequirement device() {
        return DeviceRequirement.of(cpuCount, gpuType, gpuSizeGb, ramGib, diskGib);
    }
}
