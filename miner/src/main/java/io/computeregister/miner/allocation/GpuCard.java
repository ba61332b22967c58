package io.computeregister.miner.allocation;

import java.util.Locale;

/**
 * One GPU of the host, as the container runtime addresses it.
 *
 * @param index     the device index ({@code nvidia-smi}'s order, which the NVIDIA container toolkit's device ids use)
 * @param name      the model as nvidia-smi prints it (e.g. "NVIDIA A100-SXM4-80GB"); empty when not known (GPUs set
 *                  by the operator's offer rather than measured)
 * @param memoryMib the card's memory, MiB; 0 when not known
 */
public record GpuCard(int index, String name, long memoryMib) {

    public GpuCard {
        if (index < 0) throw new IllegalArgumentException("GPU index must be >= 0, got " + index);
        name = name == null ? "" : name.strip();
        if (memoryMib < 0) throw new IllegalArgumentException("GPU memory must be >= 0 MiB, got " + memoryMib);
    }

    /** A card whose model and memory the miner measured. */
    public boolean known() {
        return !name.isEmpty() && memoryMib > 0;
    }

    /** The API's rule for {@code gpu_type}: a case-insensitive substring of the model; blank matches every card. */
    public boolean isOfType(String type) {
        return type == null || type.isBlank()
                || name.toLowerCase(Locale.ROOT).contains(type.strip().toLowerCase(Locale.ROOT));
    }
}
