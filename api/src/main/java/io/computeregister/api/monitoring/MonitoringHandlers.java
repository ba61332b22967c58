package io.computeregister.api.monitoring;

import static io.computeregister.api.http.RouteDoc.doc;

import io.computeregister.api.http.Access;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.store.Store;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /}, {@code GET /health} and {@code GET /metrics}. */
public final class MonitoringHandlers {

    private static final Logger log = LoggerFactory.getLogger(MonitoringHandlers.class);
    static final String WELCOME = "Welcome to Compute Subnet Allocation API, Please access the API via endpoint.";

    private final Store store;
    private final MinerIndex index;
    private final ApiMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier leader;

    /** @param leader whether this process runs the background jobs now (asked on every {@code /health}) */
    public MonitoringHandlers(Store store, MinerIndex index, ApiMetrics metrics, Clock clock, BooleanSupplier leader) {
        this.store = store;
        this.index = index;
        this.metrics = metrics;
        this.clock = clock;
        this.leader = leader;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/", Access.PUBLIC, "Welcome message", this::welcome,
                        doc().reply(RouteDoc.Shape.BARE, Welcome.class, "the original's welcome message")
                                .build()),
                new Route(HandlerType.GET, "/health", Access.PUBLIC, "Store, metagraph age, leader, miners up/down",
                        this::health,
                        doc().reply(RouteDoc.Shape.BARE, HealthReport.class, "200 when the store answers, else 503")
                                .build()),
                new Route(HandlerType.GET, "/metrics", Access.PUBLIC, "Prometheus metrics", this::metrics,
                        doc().reply(RouteDoc.Shape.TEXT, null, "Prometheus text exposition format").build()));
    }

    /** {@code GET /}'s answer (docs/protocol.md §2.1): no envelope. */
    public record Welcome(String message) {}

    void welcome(Context ctx) {
        ctx.json(new Welcome(WELCOME));
    }

    void health(Context ctx) {
        String storeState = "ok";
        Optional<Instant> minersAt = Optional.empty();
        try {
            store.ping();
            minersAt = store.minersUpdatedAt();
        } catch (RuntimeException e) {
            log.warn("health: store does not answer: {}", e.toString());
            storeState = "unavailable";
        }
        int up = 0;
        int down = 0;
        int unknown = 0;
        for (IndexedMiner m : index.snapshot().miners()) {
            switch (m.health()) {
                case ONLINE -> up++;
                case DOWN -> down++;
                case UNKNOWN -> unknown++;
            }
        }
        Long age = minersAt.map(t -> Math.max(0, Duration.between(t, clock.instant()).toSeconds())).orElse(null);
        boolean ok = storeState.equals("ok");
        ctx.status(ok ? 200 : 503).json(new HealthReport(ok ? "ok" : "degraded", storeState, age, leader.getAsBoolean(),
                new HealthReport.Miners(up, down, unknown)));
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
