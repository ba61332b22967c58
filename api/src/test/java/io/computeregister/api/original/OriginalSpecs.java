package io.computeregister.api.original;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A miner's specs as the original Python miner measures them ({@code get_perf_info}, docs/protocol.md §9.10), with the
 * types Python gives them: GPU memory in MiB as floats (GPUtil's {@code memoryTotal}, so {@code capacity} sums to a
 * float too), CPU frequency and speeds as floats, byte counts as integers; key order as the original builds the dicts.
 */
public final class OriginalSpecs {

    private static final long GIB = 1024L * 1024 * 1024;

    private int cores = 8;
    private String gpuName = "NVIDIA GeForce RTX 4090";
    private int gpuCount = 1;
    private double gpuMibEach = 24564.0;
    private long diskFreeGib = 400;
    private long ramAvailableGib = 48;

    public static OriginalSpecs miner() {
        return new OriginalSpecs();
    }

    public OriginalSpecs cores(int n) { cores = n; return this; }

    /** {@code count} cards of one model, {@code mibEach} MiB each (GPUtil reports floats). */
    public OriginalSpecs gpus(String name, int count, double mibEach) {
        gpuName = name;
        gpuCount = count;
        gpuMibEach = mibEach;
        return this;
    }

    public OriginalSpecs diskFreeGib(long gib) { diskFreeGib = gib; return this; }
    public OriginalSpecs ramAvailableGib(long gib) { ramAvailableGib = gib; return this; }

    /** The specs dict, ready for {@link PythonJson#dumps}. */
    public Map<String, Object> toMap() {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("count", cores);
        cpu.put("frequency", 3500.0);

        List<Object> cards = new ArrayList<>();
        for (int i = 0; i < gpuCount; i++) {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("name", gpuName);
            card.put("capacity", gpuMibEach);
            cards.add(card);
        }
        Map<String, Object> gpu = new LinkedHashMap<>();
        gpu.put("count", gpuCount);
        gpu.put("capacity", gpuMibEach * gpuCount);
        gpu.put("details", cards);
        if (gpuCount > 0) {
            gpu.put("graphics_speed", 2520);
            gpu.put("memory_speed", 10501);
        }

        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("total", 2 * diskFreeGib * GIB);
        disk.put("free", diskFreeGib * GIB);
        disk.put("used", diskFreeGib * GIB);
        disk.put("write_speed", 1843.2);
        disk.put("read_speed", 5120.5);

        Map<String, Object> ram = new LinkedHashMap<>();
        ram.put("total", 2 * ramAvailableGib * GIB);
        ram.put("available", ramAvailableGib * GIB);
        ram.put("used", ramAvailableGib * GIB);
        ram.put("free", ramAvailableGib * GIB / 2);
        ram.put("swap_total", 0);
        ram.put("swap_used", 0);
        ram.put("swap_free", 0);
        ram.put("read_speed", 31250.0);
        ram.put("write_speed", 9765.625);

        Map<String, Object> specs = new LinkedHashMap<>();
        specs.put("cpu", cpu);
        specs.put("gpu", gpu);
        specs.put("hard_disk", disk);
        specs.put("ram", ram);
        specs.put("has_docker", true);
        return specs;
    }

    /** The JSON text the original writes ({@code json.dumps}). */
    public String toJson() {
        return PythonJson.dumps(toMap());
    }
}
