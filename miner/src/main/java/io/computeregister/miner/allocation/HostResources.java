package io.computeregister.miner.allocation;

import io.computeregister.protocol.specs.MinerSpecs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the host can give to allocations in total: measured by the specs probe or set in the miner's configuration.
 *
 * @param cpus        cores
 * @param memoryBytes bytes of memory
 * @param gpus        GPUs
 * @param sshPorts    ports in the configured SSH port range
 * @param gpuCards    the GPUs one by one (one card per GPU, distinct indices), kept in index order; cards of unknown
 *                    model when the count comes from the operator's offer
 */
public record HostResources(double cpus, long memoryBytes, int gpus, int sshPorts, List<GpuCard> gpuCards) {

    public HostResources {
        if (!(cpus >= 0) || memoryBytes < 0 || gpus < 0 || sshPorts < 0) {
            throw new IllegalArgumentException("host resources cannot be negative: cpus=" + cpus + " memory="
                    + memoryBytes + " gpus=" + gpus + " ports=" + sshPorts);
        }
        gpuCards = gpuCards == null || gpuCards.isEmpty() ? unknownCards(gpus)
                : gpuCards.stream().sorted(Comparator.comparingInt(GpuCard::index)).toList();
        if (gpuCards.size() != gpus) {
            throw new IllegalArgumentException(gpus + " GPUs but " + gpuCards.size() + " cards");
        }
        Set<Integer> indices = new HashSet<>();
        for (GpuCard card : gpuCards) {
            if (!indices.add(card.index())) throw new IllegalArgumentException("GPU index " + card.index() + " twice");
        }
    }

    /**
     * Whether every card's model and memory were measured: only then can a request's GPU type and memory be judged
     * (cards from an operator's offer are of unknown model).
     */
    public boolean gpuModelsKnown() {
        return gpuCards.stream().allMatch(GpuCard::known);
    }

    /** {@code gpus} GPUs of unknown model, indices 0..gpus-1. */
    public HostResources(double cpus, long memoryBytes, int gpus, int sshPorts) {
        this(cpus, memoryBytes, gpus, sshPorts, null);
    }

    /**
     * Totals from a specs probe: CPU cores, total RAM and the GPUs (cards from nvidia-smi's details, in its order); a
     * section the probe could not measure counts as zero (nothing fits until it is configured).
     */
    public static HostResources fromSpecs(MinerSpecs specs, int sshPorts) {
        double cpus = specs.cpu() == null || specs.cpu().count() == null ? 0 : specs.cpu().count();
        long memory = specs.ram() == null || specs.ram().total() == null ? 0 : specs.ram().total();
        int gpus = specs.gpu() == null || specs.gpu().count() == null ? 0 : specs.gpu().count();
        List<GpuCard> cards = null;
        if (gpus > 0 && specs.gpu().details().size() == gpus) {
            cards = new ArrayList<>();
            for (MinerSpecs.GpuDetail d : specs.gpu().details()) {
                cards.add(new GpuCard(cards.size(), d.name(), d.capacity() == null ? 0 : d.capacity()));
            }
        }
        return new HostResources(cpus, memory, gpus, sshPorts, cards);
    }

    private static List<GpuCard> unknownCards(int gpus) {
        List<GpuCard> cards = new ArrayList<>();
        for (int i = 0; i < gpus; i++) cards.add(new GpuCard(i, "", 0));
        return List.copyOf(cards);
    }
}
