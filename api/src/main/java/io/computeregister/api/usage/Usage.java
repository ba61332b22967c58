package io.computeregister.api.usage;

import io.computeregister.api.store.AllocationSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's use of [{@code from}, {@code to}): how many allocations were live in it, and their GPU-hours and
 * core-hours, each allocation counted for the part of its life inside the window (an active one up to {@code now}).
 * Hours to three decimals (3.6 s).
 */
public record Usage(String tenant, int allocations, double gpuHours, double coreHours) {

    /** The CSV header line, the fields in {@link #csvLine}'s order. */
    static final String CSV_HEADER = "tenant,from,to,allocations,gpu_hours,core_hours";

    /** Per tenant, in the order tenants first appear in {@code spans} (start order). */
    static List<Usage> of(List<AllocationSpan> spans, Instant from, Instant to, Instant now) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // allocations, gpu-ms, core-ms
        for (AllocationSpan s : spans) {
            Instant start = s.start().isAfter(from) ? s.start() : from;
            Instant ended = s.end() == null ? now : s.end();
            Instant end = ended.isBefore(to) ? ended : to;
            long ms = Math.max(0, Duration.between(start, end).toMillis());
            double[] sum = sums.computeIfAbsent(s.tenant(), t -> new double[3]);
            sum[0]++;
            sum[1] += (double) ms * s.gpus();
            sum[2] += (double) ms * s.cpus();
        }
        List<Usage> out = new ArrayList<>();
        sums.forEach((tenant, sum) -> out.add(new Usage(tenant, (int) sum[0], hours(sum[1]), hours(sum[2]))));
        return out;
    }

    private static double hours(double ms) {
        return Math.round(ms / 3_600_000.0 * 1000) / 1000.0;
    }

    String csvLine(Instant from, Instant to) {
        return csv(tenant) + "," + from + "," + to + "," + allocations + "," + gpuHours + "," + coreHours;
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
