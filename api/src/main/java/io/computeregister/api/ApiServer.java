package io.computeregister.api;

import io.computeregister.api.allocation.AllocationHandlers;
import io.computeregister.api.allocation.AllocationService;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.allocation.MinerClient;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.auth.IpAllowlist;
import io.computeregister.api.auth.KeyHandlers;
import io.computeregister.api.http.Json;
import io.computeregister.api.http.Routes;
import io.computeregister.api.miners.MinerHandlers;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.placement.Placement;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.api.tls.HttpsConnector;
import io.computeregister.api.wandb.WandbSource;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.ServerConnector;
import io.computeregister.api.events.EventHub;
import io.computeregister.api.events.EventSocket;
import io.computeregister.api.catalog.ListHandlers;
import io.computeregister.api.catalog.MinerCatalog;
import io.computeregister.api.manage.ManagementHandlers;
import io.computeregister.api.manage.ManagementService;
import io.computeregister.api.openapi.DocsHandlers;
import io.computeregister.api.openapi.OpenApiDocument;
import io.computeregister.api.ops.ApiMetrics;
import io.computeregister.api.ops.OpsHandlers;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Wires the API by hand: store → index → placement → allocation service → handlers → route table → Javalin on
 * virtual threads. The caller owns the store and the miner client (it closes them).
 */
public final class ApiServer implements AutoCloseable {

    /** The original's keepalive period on {@code /connect} (§2.2). */
    public static final Duration KEEPALIVE = Duration.ofSeconds(30);

    private final Javalin app;
    private final AllocationService service;
    private final ManagementService management;
    private final EventHub events;
    private final MinerIndex index;
    /** The HTTPS connector when TLS is configured (its bound port is the API's port), else null. */
    private volatile ServerConnector httpsConnector;
    private final java.util.List<Routes.Route> routes;
    /** What {@code /health} reports as {@code leader}; false until {@link #reportLeadership} is called. */
    private volatile BooleanSupplier leadership = () -> false;

    public ApiServer(ApiConfig config, Store store, MinerClient minerClient, AllocationSettings settings, Clock clock,
                     String envAdminKey, PrintStream console) {
        this(config, store, minerClient, settings, clock, envAdminKey, console, KEEPALIVE, List.of());
    }

    /** As above with the WebSocket keepalive period (tests shorten it). */
    public ApiServer(ApiConfig config, Store store, MinerClient minerClient, AllocationSettings settings, Clock clock,
                     String envAdminKey, PrintStream console, Duration keepalive) {
        this(config, store, minerClient, settings, clock, envAdminKey, console, keepalive, List.of());
    }

    /** @param extraRoutes routes of features wired outside this class (webhooks), appended to the route table */
    public ApiServer(ApiConfig config, Store store, MinerClient minerClient, AllocationSettings settings, Clock clock,
                     String envAdminKey, PrintStream console, List<Routes.Route> extraRoutes) {
        this(config, store, minerClient, settings, clock, envAdminKey, console, KEEPALIVE, extraRoutes);
    }

    public ApiServer(ApiConfig config, Store store, MinerClient minerClient, AllocationSettings settings, Clock clock,
                     String envAdminKey, PrintStream console, Duration keepalive, List<Routes.Route> extraRoutes) {
        this(config, store, minerClient, settings, clock, envAdminKey, console, keepalive, extraRoutes,
                WandbSource.OFF);
    }

    /** @param wandb where the W&amp;B-backed lists read runs ({@link WandbSource#OFF}: from the store) */
    public ApiServer(ApiConfig config, Store store, MinerClient minerClient, AllocationSettings settings, Clock clock,
                     String envAdminKey, PrintStream console, Duration keepalive, List<Routes.Route> extraRoutes,
                     WandbSource wandb) {
        IpAllowlist allowlist = IpAllowlist.parse(config.allowlist());
        AdminBootstrap.ensureAdmin(store, envAdminKey, clock, console);
        Tenant local = config.auth() == AuthMode.NONE ? AdminBootstrap.localTenant(store) : null;
        Authenticator auth = new Authenticator(config.auth(), allowlist, store, local);

        this.index = new MinerIndex(store);
        MinerCatalog catalog = new MinerCatalog(index); // before the first load: the catalog is filled by loads
        index.loadInBackground(); // requests that need the miners wait for it; GET / and the rest answer at once
        this.service = new AllocationService(store, index, Placement.standard(10), minerClient, settings, clock);
        this.management = new ManagementService(store, index, minerClient, settings, clock);
        this.events = new EventHub(store, clock, Duration.ofMillis(200), keepalive);
        ApiMetrics metrics = new ApiMetrics(index);
        EventSocket socket = new EventSocket(events);
        AtomicReference<String> openApi = new AtomicReference<>();
        var handlers = new Routes.Handlers(new AllocationHandlers(service), new MinerHandlers(store, index),
                new KeyHandlers(store, clock), new ListHandlers(store, catalog, wandb),
                new ManagementHandlers(management),
                new OpsHandlers(store, index, metrics, clock, () -> leadership.getAsBoolean()),
                // built on its first request: swagger-core's model resolution took about a second of start-up
                new DocsHandlers(() -> openApi.updateAndGet(built -> built != null ? built
                        : OpenApiDocument.toJson(OpenApiDocument.build(routes(), EventSocket.PATH,
                                EventSocket.SUMMARY)))));
        List<Routes.Route> table = new ArrayList<>(Routes.table(handlers));
        table.addAll(extraRoutes);
        HttpsConnector https = config.tls() == null ? null : new HttpsConnector(config.tls());
        this.routes = table;

        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            cfg.requestLogger.http(metrics::record);
            Routes.register(cfg.routes, table, auth);
            if (https != null) {
                cfg.jetty.addConnector((server, httpConfig) -> {
                    httpsConnector = https.create(server, httpConfig, config.host(), config.port());
                    return httpsConnector;
                });
            }
            socket.register(cfg.routes, auth);
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
    public MinerIndex minerIndex() {
        return index;
    }

    /** The route table this server registered (the OpenAPI document is generated from it). */
    public java.util.List<Routes.Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        app.stop();
        events.close();
        management.close();
        service.close();
    }
}
