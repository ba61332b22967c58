package io.computeregister.api.monitoring;

import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.store.Health;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The process's Micrometer registry, scraped as Prometheus text at {@code GET /metrics}: a timer per route and
 * status ({@code http_server_requests_seconds}) and gauges of miners by health.
 */
public final class ApiMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public ApiMetrics(MinerIndex index) {
        for (Health h : Health.values()) {
            registry.gauge("compute_miners", java.util.List.of(
                            io.micrometer.core.instrument.Tag.of("health", h.name().toLowerCase(java.util.Locale.ROOT))),
                    index, i -> count(i, h));
        }
    }

    private static double count(MinerIndex index, Health health) {
        int n = 0;
        for (IndexedMiner m : index.snapshot().miners()) if (m.health() == health) n++;
        return n;
    }

    /** Javalin's request logger hook: one observation per HTTP request. */
    public void record(Context ctx, Float millis) {
        String route;
        try {
            route = ctx.endpoint().path;
        } catch (RuntimeException unmatched) {
            route = "unmatched"; // never the raw path: unbounded label values would bloat the registry
        }
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("route", route)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    /** The registry itself, for meters other parts register (e.g. the W&B specs source's rejected runs). */
    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }
}
