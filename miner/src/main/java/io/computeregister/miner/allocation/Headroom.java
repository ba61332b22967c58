package io.computeregister.miner.allocation;

import io.computeregister.miner.allocation.Shortage.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the host has left: its totals minus what live (active or paused) allocations hold. A paused allocation keeps
 * its resources: it can be unpaused at any moment. GPUs are held by device index, so two allocations never get the same
 * card.
 */
public final class Headroom {

    private final HostResources total;
    private final long usedMillicores;
    private final long usedMemory;
    private final long usedGpus;
    private final long usedPorts;
    private final Set<Integer> heldGpuIds;

    private Headroom(HostResources total, long usedMillicores, long usedMemory, long usedGpus, long usedPorts,
                     Set<Integer> heldGpuIds) {
        this.total = total;
        this.usedMillicores = usedMillicores;
        this.usedMemory = usedMemory;
        this.usedGpus = usedGpus;
        this.usedPorts = usedPorts;
        this.heldGpuIds = heldGpuIds;
    }

    /** Headroom left once {@code allocations} (only the live ones count) are subtracted from {@code total}. */
    public static Headroom of(HostResources total, Collection<Allocation> allocations) {
        long cpu = 0;
        long memory = 0;
        long gpus = 0;
        long ports = 0;
        Set<Integer> held = new HashSet<>();
        for (Allocation a : allocations) {
            if (a.state().live()) {
                cpu += millicores(a.cpus());
                memory += a.memoryBytes();
                gpus += a.gpus();
                ports++;
                held.addAll(a.gpuIds());
            }
        }
        return new Headroom(total, cpu, memory, gpus, ports, held);
    }

    /** Checks every resource and reports each one that is short (CPU, memory, GPU, one SSH port). */
    public Admission fits(ResourceRequest request) {
        List<Shortage> shortages = new ArrayList<>();
        check(shortages, Resource.CPU, millicores(request.cpus()), millicores(total.cpus()), usedMillicores);
        check(shortages, Resource.MEMORY, request.memoryBytes(), total.memoryBytes(), usedMemory);
        if (gpusFor(request).isEmpty()) shortages.add(gpuShortage(request));
        check(shortages, Resource.PORT, 1, total.sshPorts(), usedPorts);
        return shortages.isEmpty() ? new Admission.Granted() : new Admission.Refused(shortages);
    }

    /**
     * The GPUs (device indices) {@code request} gets: free cards of the requested type in index order, at least
     * {@code request.gpus()} of them and more while their memory together is below {@code request.gpuMemoryMib()};
     * empty when the request cannot be served (an empty list when it asks for no GPU). Type and memory are judged only
     * on a host whose cards were measured; with cards of unknown model (an operator's offer) any free card serves.
     */
    public Optional<List<Integer>> gpusFor(ResourceRequest request) {
        if (request.gpus() == 0) return Optional.of(List.of());
        boolean judged = total.gpuModelsKnown();
        List<Integer> taken = new ArrayList<>();
        long memory = 0;
        for (GpuCard card : total.gpuCards()) {
            if (served(request, judged, taken.size(), memory)) break;
            if (heldGpuIds.contains(card.index()) || (judged && !card.isOfType(request.gpuType()))) continue;
            taken.add(card.index());
            memory += card.memoryMib();
        }
        // Rows from before GPUs were held by index count against the total even though their cards are unknown.
        return served(request, judged, taken.size(), memory) && taken.size() <= freeGpus()
                ? Optional.of(List.copyOf(taken)) : Optional.empty();
    }

    /** Enough cards, and (where memory can be judged) enough memory among them. */
    private static boolean served(ResourceRequest request, boolean judged, int cards, long memoryMib) {
        return cards >= request.gpus() && (!judged || memoryMib >= request.gpuMemoryMib());
    }

    private Shortage gpuShortage(ResourceRequest request) {
        boolean judged = total.gpuModelsKnown();
        List<String> asked = new ArrayList<>();
        if (judged && !request.gpuType().isEmpty()) asked.add("type '" + request.gpuType() + "'");
        if (judged && request.gpuMemoryMib() > 0) asked.add(request.gpuMemoryMib() + " MiB together");
        if (asked.isEmpty()) return new Shortage(Resource.GPU, request.gpus(), freeGpus(), total.gpus());
        List<GpuCard> ofType = total.gpuCards().stream().filter(c -> c.isOfType(request.gpuType())).toList();
        long free = ofType.stream().filter(c -> !heldGpuIds.contains(c.index())).count();
        return new Shortage(Resource.GPU, request.gpus(), Math.min(free, freeGpus()), ofType.size(),
                String.join(", ", asked));
    }

    public HostResources total() {
        return total;
    }

    public double freeCpus() {
        return Math.max(0, millicores(total.cpus()) - usedMillicores) / 1000.0;
    }

    public long freeMemoryBytes() {
        return Math.max(0, total.memoryBytes() - usedMemory);
    }

    public long freeGpus() {
        return Math.max(0, total.gpus() - usedGpus);
    }

    public long freePorts() {
        return Math.max(0, total.sshPorts() - usedPorts);
    }

    @Override
    public String toString() {
        return "Headroom[free cpus=" + freeCpus() + "/" + total.cpus() + " memory=" + freeMemoryBytes() + "/"
                + total.memoryBytes() + " gpus=" + freeGpus() + "/" + total.gpus() + " ports=" + freePorts() + "/"
                + total.sshPorts() + "]";
    }

    private static void check(List<Shortage> out, Resource resource, long requested, long capacity, long used) {
        long free = Math.max(0, capacity - used);
        if (requested > free) {
            out.add(new Shortage(resource, requested, free, capacity));
        }
    }

    private static long millicores(double cpus) {
        return Math.round(cpus * 1000);
    }
}
