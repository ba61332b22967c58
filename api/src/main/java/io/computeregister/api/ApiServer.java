package io.computeregister.api;

import io.computeregister.api.allocation.AllocationHandlers;
import io.computeregister.api.allocation.AllocationService;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.auth.IpAllowlist;
import io.computeregister.api.auth.KeyHandlers;
import io.computeregister.api.console.ConsoleHandlers;
import io.computeregister.api.events.EventHub;
import io.computeregister.api.events.EventSocket;
import io.computeregister.api.budget.TenantBudget;
import io.computeregister.api.http.Json;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.Routes;
import io.computeregister.api.catalog.ListHandlers;
import io.computeregister.api.catalog.MinerCatalog;
import io.computeregister.api.containers.ContainerHandlers;
import io.computeregister.api.containers.ContainerService;
import io.computeregister.api.minerclient.DeadlineMinerClient;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.miners.MinerHandlers;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.openapi.DocsHandlers;
import io.computeregister.api.openapi.OpenApiDocument;
import io.computeregister.api.monitoring.ApiMetrics;
import io.computeregister.api.monitoring.MonitoringHandlers;
import io.computeregister.api.placement.Placement;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.api.tls.HttpsConnector;
import io.computeregister.api.wandb.WandbSource;
import io.computeregister.api.usage.UsageHandlers;
import io.computeregister.api.webhooks.WebhookHandlers;
import io.computeregister.api.webhooks.WebhookStore;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP side of the API, wired by hand: store → index → services → each feature's handlers and routes → one route
 * table → Javalin on virtual threads (and the OpenAPI document, from the same table). Built with {@link #builder};
 * the caller owns the store and the miner client it passes (it closes them).
 */
public final class ApiServer implements AutoCloseable {

    /** The original's keepalive period on {@code /connect} (docs/protocol.md §2.2). */
    public static final Duration KEEPALIVE = Duration.ofSeconds(30);

    private final Javalin app;
    private final EventHub events;
    private final MinerIndex index;
    private final ApiMetrics metrics;
    /** The miner client every request goes through, each call under its deadline. */
    private final DeadlineMinerClient miners;
    private final List<Route> routes;
    /** The HTTPS connector when TLS is configured (its bound port is the API's port), else null. */
    private volatile ServerConnector httpsConnector;
    /** What {@code /health} reports as {@code leader}; false until {@link #reportLeadership} is called. */
    private volatile BooleanSupplier leadership = () -> false;

    /** A server for {@code config} over {@code store}, calling miners through {@code miners}. */
    public static Builder builder(ApiConfig config, Store store, MinerClient miners) {
        return new Builder(config, store, miners);
    }

    /** What a server is made of; everything but the configuration, the store and the miner client has a default. */
    public static final class Builder {
        private final ApiConfig config;
        private final Store store;
        private final MinerClient miners;
        private AllocationSettings settings;
        private Clock clock = Clock.systemUTC();
        private String envAdminKey;
        private PrintStream console = System.out;
        private Duration keepalive = KEEPALIVE;
        private WandbSource wandb = WandbSource.OFF;
        private WebhookStore webhooks;

        private Builder(ApiConfig config, Store store, MinerClient miners) {
            this.config = config;
            this.store = store;
            this.miners = miners;
            this.settings = AllocationSettings.defaults(config.verifySsh());
        }

        /** Timeouts and limits of the allocation path (default: {@link AllocationSettings#defaults}). */
        public Builder settings(AllocationSettings value) {
            settings = value;
            return this;
        }

        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /**
         * {@code COMPUTE_ADMIN_KEY} (null: none) and where a freshly generated admin key is printed once, never the
         * log ({@link AdminBootstrap}; default: standard output).
         */
        public Builder adminKey(String envAdminKey, PrintStream console) {
            this.envAdminKey = envAdminKey;
            this.console = console;
            return this;
        }

        /** The WebSocket keepalive period (default {@link #KEEPALIVE}; tests shorten it). */
        public Builder keepalive(Duration value) {
            keepalive = value;
            return this;
        }

        /** Where the W&amp;B-backed lists read runs (default {@link WandbSource#OFF}: from the store). */
        public Builder wandb(WandbSource value) {
            wandb = value;
            return this;
        }

        /** Serves {@code /webhooks} from this store (default: no webhook routes). */
        public Builder webhooks(WebhookStore value) {
            webhooks = value;
            return this;
        }

        public ApiServer build() {
            return new ApiServer(this);
        }
    }

    private ApiServer(Builder b) {
        ApiConfig config = b.config;
        Store store = b.store;
        Clock clock = b.clock;
        IpAllowlist allowlist = IpAllowlist.parse(config.allowlist());
        AdminBootstrap.ensureAdmin(store, b.envAdminKey, clock, b.console);
        Tenant local = config.auth() == AuthMode.NONE ? AdminBootstrap.localTenant(store) : null;
        Authenticator auth = new Authenticator(config.auth(), allowlist, store, local);
        // Reads the PEM files now: a bad one fails the start, naming it, before any thread is started.
        HttpsConnector https = config.tls() == null ? null : new HttpsConnector(config.tls());

        this.index = new MinerIndex(store);
        MinerCatalog catalog = new MinerCatalog(index); // before the first load: the catalog is filled by loads
        index.loadInBackground(); // requests that need the miners wait for it; GET / and the rest answer at once
        this.miners = b.settings.withDeadlines(b.miners);
        this.events = new EventHub(store, clock, Duration.ofMillis(200), b.keepalive);
        this.metrics = new ApiMetrics(index);
        AtomicReference<String> openApi = new AtomicReference<>();

        // Per replica, in memory: a tenant's budget is what it may fan out through this process.
        TenantBudget attempts = new TenantBudget("allocation attempts", config.budgets().allocationsPerMinute(), clock);
        TenantBudget probes = new TenantBudget("check_miner_status probes", config.budgets().probesPerMinute(), clock);

        // Every feature brings its own routes; this order is the order of the paths in the OpenAPI document.
        List<Route> table = new ArrayList<>();
        table.addAll(new MonitoringHandlers(store, index, metrics, clock, () -> leadership.getAsBoolean()).routes());
        // built on its first request: swagger-core's model resolution took about a second of start-up
        table.addAll(new DocsHandlers(() -> openApi.updateAndGet(built -> built != null ? built
                : OpenApiDocument.toJson(OpenApiDocument.build(routes())))).routes());
        table.addAll(ConsoleHandlers.routes());
        table.addAll(new AllocationHandlers(
                new AllocationService(store, index, Placement.standard(10), miners, b.settings, clock), attempts).routes());
        table.addAll(new ContainerHandlers(new ContainerService(store, index, miners, b.settings, clock), probes)
                .routes());
        table.addAll(new ListHandlers(store, catalog, b.wandb).routes());
        table.addAll(new KeyHandlers(store, clock).routes());
        table.addAll(new MinerHandlers(store, index).routes());
        table.addAll(new UsageHandlers(store, clock).routes());
        if (b.webhooks != null) table.addAll(new WebhookHandlers(b.webhooks, config.webhookTargets()).routes());
        table.add(new EventSocket(events).route());
        this.routes = List.copyOf(table);

        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            cfg.requestLogger.http(metrics::record);
            Routes.register(cfg.routes, routes, auth);
            if (https != null) {
                cfg.jetty.addConnector((server, httpConfig) -> {
                    httpsConnector = https.create(server, httpConfig, config.host(), config.port());
                    return httpsConnector;
                });
            }
        });
    }

    /**
     * Starts listening; returns the bound port (useful with port 0). With TLS the HTTPS connector listens on the
     * configuration's host and port (Javalin adds no HTTP connector then).
     */
    public int start(String host, int port) {
        app.start(host, port);
        return httpsConnector != null ? httpsConnector.getLocalPort() : app.port();
    }

    /** Where {@code /health} learns whether this process runs the background jobs (the cluster's election). */
    public void reportLeadership(BooleanSupplier isLeader) {
        this.leadership = isLeader;
    }

    /** The WebSocket event stream; {@link ApiMain} wakes it on PostgreSQL notifications. */
    public EventHub events() {
        return events;
    }

    /** The resource index; call {@link MinerIndex#refresh()} after changing miners in the store. */
    /** The registry scraped at {@code GET /metrics}. */
    public ApiMetrics metrics() {
        return metrics;
    }

    public MinerIndex minerIndex() {
        return index;
    }

    /** The route table this server registered (the OpenAPI document is generated from it). */
    public List<Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
        events.close();
        miners.close();
    }
}
