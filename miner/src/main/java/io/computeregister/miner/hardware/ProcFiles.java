package io.computeregister.miner.hardware;

import io.computeregister.protocol.specs.MinerSpecs;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Parsers for Linux {@code /proc/cpuinfo} and {@code /proc/meminfo}, with psutil's definitions of each figure. */
final class ProcFiles {

    private ProcFiles() {}

    /**
     * Physical cores (distinct {@code physical id}/{@code core id} pairs, like psutil's {@code cpu_count(logical=False)};
     * the number of {@code processor} entries where the kernel does not report topology) and the mean current
     * {@code cpu MHz}.
     */
    static MinerSpecs.Cpu cpu(String cpuinfo) {
        Set<String> cores = new HashSet<>();
        int processors = 0;
        double mhzSum = 0;
        int mhzCount = 0;
        String physicalId = "";
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "processor" -> {
                    processors++;
                    physicalId = "";
                }
                case "physical id" -> physicalId = value;
                case "core id" -> cores.add(physicalId + "/" + value);
                case "cpu MHz" -> {
                    try {
                        mhzSum += Double.parseDouble(value);
                        mhzCount++;
                    } catch (NumberFormatException ignored) {
                        // a malformed figure is left out of the mean
                    }
                }
                default -> { }
            }
        }
        int count = cores.isEmpty() ? processors : cores.size();
        Double frequency = mhzCount == 0 ? null : Math.round(mhzSum / mhzCount * 1000) / 1000.0;
        return new MinerSpecs.Cpu(count == 0 ? null : count, frequency);
    }

    /**
     * Memory in bytes as psutil's {@code virtual_memory()} / {@code swap_memory()} report it:
     * used = total - free - buffers - cached (cached includes SReclaimable).
     */
    static MinerSpecs.Ram ram(String meminfo) {
        Map<String, Long> kib = new HashMap<>();
        for (String line : meminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String[] value = line.substring(colon + 1).strip().split("\\s+");
            try {
                kib.put(line.substring(0, colon).strip(), Long.parseLong(value[0]));
            } catch (NumberFormatException ignored) {
                // not a number: not a field we use
            }
        }
        Long total = bytes(kib, "MemTotal");
        if (total == null) {
            return null;
        }
        long free = orZero(bytes(kib, "MemFree"));
        Long available = bytes(kib, "MemAvailable");
        long cached = orZero(bytes(kib, "Cached")) + orZero(bytes(kib, "SReclaimable"));
        long used = Math.max(0, total - free - orZero(bytes(kib, "Buffers")) - cached);
        long swapTotal = orZero(bytes(kib, "SwapTotal"));
        long swapFree = orZero(bytes(kib, "SwapFree"));
        return new MinerSpecs.Ram(total, available == null ? free : available, used, free, swapTotal,
                Math.max(0, swapTotal - swapFree), swapFree, null, null);
    }

    private static Long bytes(Map<String, Long> kib, String key) {
        Long value = kib.get(key);
        return value == null ? null : value * 1024;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
