package io.computeregister.miner.allocation;

import io.computeregister.miner.allocation.Shortfall.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The host's totals minus what live (active or paused) allocations hold. A paused allocation keeps its resources:
 * it can be unpaused at any moment.
 */
public final class Capacity {

    private final HostResources total;
    private final long usedMillicores;
    private final long usedMemory;
    private final long usedGpus;
    private final long usedPorts;

    private Capacity(HostResources total, long usedMillicores, long usedMemory, long usedGpus, long usedPorts) {
        this.total = total;
        this.usedMillicores = usedMillicores;
        this.usedMemory = usedMemory;
        this.usedGpus = usedGpus;
        this.usedPorts = usedPorts;
    }

    /** Capacity left once {@code allocations} (only the live ones count) are subtracted from {@code total}. */
    public static Capacity of(HostResources total, Collection<Allocation> allocations) {
        long cpu = 0;
        long memory = 0;
        long gpus = 0;
        long ports = 0;
        for (Allocation a : allocations) {
            if (a.state().live()) {
                cpu += millicores(a.cpus());
                memory += a.memoryBytes();
                gpus += a.gpus();
                ports++;
            }
        }
        return new Capacity(total, cpu, memory, gpus, ports);
    }

    /** Checks every resource and reports each one that is short (CPU, memory, GPU, one SSH port). */
    public Verdict fits(ResourceRequest request) {
        List<Shortfall> shortfalls = new ArrayList<>();
        check(shortfalls, Resource.CPU, millicores(request.cpus()), millicores(total.cpus()), usedMillicores);
        check(shortfalls, Resource.MEMORY, request.memoryBytes(), total.memoryBytes(), usedMemory);
        check(shortfalls, Resource.GPU, request.gpus(), total.gpus(), usedGpus);
        check(shortfalls, Resource.PORT, 1, total.sshPorts(), usedPorts);
        return shortfalls.isEmpty() ? new Verdict.Fits() : new Verdict.Unfit(shortfalls);
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
        return "Capacity[free cpus=" + freeCpus() + "/" + total.cpus() + " memory=" + freeMemoryBytes() + "/"
                + total.memoryBytes() + " gpus=" + freeGpus() + "/" + total.gpus() + " ports=" + freePorts() + "/"
                + total.sshPorts() + "]";
    }

    private static void check(List<Shortfall> out, Resource resource, long requested, long capacity, long used) {
        long free = Math.max(0, capacity - used);
        if (requested > free) {
            out.add(new Shortfall(resource, requested, free, capacity));
        }
    }

    private static long millicores(double cpus) {
        return Math.round(cpus * 1000);
    }
}
