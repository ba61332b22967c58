package io.computeregister.protocol.allocate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Allocate.device_requirement} as the API sends it (docs/protocol.md §9.9):
 * {@code {"cpu": {"count": n}, "gpu": {} | {"count": 1, "capacity": MiB, "type": "..."}, "hard_disk": {"capacity":
 * bytes}, "ram": {"capacity": bytes}}}, plus {@code "testing": true} from the validator's proof of GPU.
 *
 * @param cpuCount       cores requested (cpu.count; 0 when absent)
 * @param gpuCount       GPUs requested (gpu.count; 0 when the gpu object is empty)
 * @param gpuType        GPU model substring (gpu.type), "" for any
 * @param gpuCapacityMib total GPU memory requested, MiB (gpu.capacity = gpu_size GB * 1000)
 * @param ramBytes       memory requested (ram.capacity)
 * @param hardDiskBytes  disk requested (hard_disk.capacity)
 * @param testing        the validator's proof-of-GPU flag
 */
public record DeviceRequirement(int cpuCount, int gpuCount, String gpuType, long gpuCapacityMib, long ramBytes,
        long hardDiskBytes, boolean testing) {

    private static final double GIB = 1024d * 1024 * 1024;

    /**
     * Reads the wire map; absent sections count as zero.
     *
     * @throws IllegalArgumentException naming the field (e.g. {@code device_requirement.ram.capacity}) that is malformed
     */
    public static DeviceRequirement fromWire(Map<String, Object> wire) {
        Map<?, ?> cpu = WireValues.object(wire, "cpu", "device_requirement.cpu");
        Map<?, ?> gpu = WireValues.object(wire, "gpu", "device_requirement.gpu");
        Map<?, ?> ram = WireValues.object(wire, "ram", "device_requirement.ram");
        Map<?, ?> disk = WireValues.object(wire, "hard_disk", "device_requirement.hard_disk");
        int cpus = (int) WireValues.number(cpu, "count", "device_requirement.cpu.count", 0);
        int gpus = (int) WireValues.number(gpu, "count", "device_requirement.gpu.count", 0);
        long gpuMib = (long) WireValues.number(gpu, "capacity", "device_requirement.gpu.capacity", 0);
        String type = WireValues.text(gpu, "type", "");
        long ramBytes = (long) WireValues.number(ram, "capacity", "device_requirement.ram.capacity", 0);
        long diskBytes = (long) WireValues.number(disk, "capacity", "device_requirement.hard_disk.capacity", 0);
        return new DeviceRequirement(cpus, gpus, type, gpuMib, ramBytes, diskBytes, WireValues.flag(wire, "testing"));
    }

    /** The API's mapping from its request body (docs/protocol.md §2.3): GiB to bytes, gpu_size GB to MiB * 1000. */
    public static DeviceRequirement of(int cpuCount, String gpuType, int gpuSizeGb, double ramGib, double hardDiskGib) {
        boolean gpu = gpuType != null && !gpuType.isEmpty() && gpuSizeGb != 0;
        return new DeviceRequirement(cpuCount, gpu ? 1 : 0, gpu ? gpuType : "", gpu ? gpuSizeGb * 1000L : 0,
                (long) (ramGib * GIB), (long) (hardDiskGib * GIB), false);
    }

    /** RAM in GiB (the original's unit). */
    public double ramGib() { return ramBytes / GIB; }

    /** Disk in GiB. */
    public double hardDiskGib() { return hardDiskBytes / GIB; }

    /** gpu_size in GB as the API's request had it. */
    public long gpuSizeGb() { return gpuCapacityMib / 1000; }

    /** The wire map, in the API's key order. */
    public Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cpu", new LinkedHashMap<>(Map.of("count", cpuCount)));
        Map<String, Object> gpu = new LinkedHashMap<>();
        if (gpuCount > 0) {
            gpu.put("count", gpuCount);
            gpu.put("capacity", gpuCapacityMib);
            gpu.put("type", gpuType);
        }
        out.put("gpu", gpu);
        out.put("hard_disk", new LinkedHashMap<>(Map.of("capacity", hardDiskBytes)));
        out.put("ram", new LinkedHashMap<>(Map.of("capacity", ramBytes)));
        if (testing) out.put("testing", true);
        return out;
    }
}
