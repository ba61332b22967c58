package io.computeregister.api.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.util.Locale;

/**
 * The {@code requirements} object of allocate_spec's body, in the request's units (docs/protocol.md §9.1): cores, GiB
 * of RAM and disk, a GPU model substring and a size in GB. It is what the renter asked, kept as asked for the
 * Idempotency-Key fingerprint; placement and the miner get {@link #device()}. {@code gpuType} is lowercased for the
 * case-insensitive match.
 *
 * @param gpuCount ours: how many GPUs ({@code requirements.gpu_count}, at least 1); null when the body has none, and
 *                 then a GPU is asked only as the original asks one (a type and a size given), one card
 */
public record Requirements(int cpuCount, String gpuType, int gpuSizeGb, int ramGib, int diskGib,
                           // Left out when absent: a request without it keeps the fingerprint it always had.
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer gpuCount) {

    public Requirements {
        gpuType = gpuType == null ? "" : gpuType.toLowerCase(Locale.ROOT);
    }

    /** The original's fields only. */
    public Requirements(int cpuCount, String gpuType, int gpuSizeGb, int ramGib, int diskGib) {
        this(cpuCount, gpuType, gpuSizeGb, ramGib, diskGib, null);
    }

    /**
     * {@code Allocate.device_requirement} for this request: bytes, and GPU memory as GB × 1000 MiB (the cards' total,
     * strictly more is needed). Without {@code gpu_count} the GPU only when a type and a size are given (COMPAT,
     * docs/protocol.md §2.3); with it, that many cards of the type ("" any) with more than the size together.
     */
    public DeviceRequirement device() {
        DeviceRequirement original = DeviceRequirement.of(cpuCount, gpuType, gpuSizeGb, ramGib, diskGib);
        if (gpuCount == null) return original;
        return new DeviceRequirement(original.cpuCount(), gpuCount, gpuType, gpuSizeGb * 1000L, original.ramBytes(),
                original.hardDiskBytes(), false);
    }
}
