package io.computeregister.api.allocation;

import io.computeregister.api.placement.Requirements;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code Allocate.device_requirement} dict the original API sends (registerapi-reference §2.3, §2.4, §9.9). */
final class DeviceRequirementWire {

    private DeviceRequirementWire() {}

    static Map<String, Object> forSpec(Requirements r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", Map.of("count", r.cpuCount()));
        m.put("gpu", r.wantsGpu()
                ? ordered("count", 1, "capacity", r.gpuMemoryMib(), "type", r.gpuType())
                : Map.of());
        m.put("hard_disk", Map.of("capacity", r.diskBytes()));
        m.put("ram", Map.of("capacity", r.ramBytes()));
        return m;
    }

    /** COMPAT: allocate_hotkey ignores the request and always sends this fixed dict (§2.4 step 3). */
    static Map<String, Object> forHotkey() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", Map.of("count", 1));
        m.put("gpu", ordered("count", 1, "capacity", 0, "type", ""));
        m.put("hard_disk", Map.of("capacity", Requirements.GIB));
        m.put("ram", Map.of("capacity", Requirements.GIB));
        return m;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
