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
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Wires the API by hand: store → index → placement → allocation service → handlers → route table → Javalin on
 * virtual threads. The caller owns the store and the miner client (it closes them).
 */
public final class ApiServer implements AutoCloseable {

    private final Javalin app;
    private final AllocationService service;
    private final MinerIndex index;

    public ApiServer(ApiConfig config, Store store, MinerClient minerClient, AllocationSettings settings, Clock clock,
                     String envAdminKey, PrintStream console) {
        this(config, store, minerClient, settings, clock, envAdminKey, console, List.of());
    }

    /** @param extraRoutes routes of features wired outside this class (webhooks), appended to the route table */
    public ApiServer(ApiConfig config, Store store, MinerClient minerClient, AllocationSettings settings, Clock clock,
                     String envAdminKey, PrintStream console, List<Routes.Route> extraRoutes) {
        IpAllowlist allowlist = IpAllowlist.parse(config.allowlist());
        AdminBootstrap.ensureAdmin(store, envAdminKey, clock, console);
        Tenant local = config.auth() == AuthMode.NONE ? AdminBootstrap.localTenant(store) : null;
        Authenticator auth = new Authenticator(config.auth(), allowlist, store, local);

        this.index = new MinerIndex(store);
        index.refresh();
        this.service = new AllocationService(store, index, Placement.standard(10), minerClient, settings, clock);
        var handlers = new Routes.Handlers(new AllocationHandlers(service), new MinerHandlers(store, index),
                new KeyHandlers(store, clock));
        List<Routes.Route> table = new ArrayList<>(Routes.table(handlers));
        table.addAll(extraRoutes);

        this.app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.http.prefer405over404 = true;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            Routes.register(cfg.routes, table, auth);
        });
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    /** The resource index; call {@link MinerIndex#refresh()} after changing miners in the store. */
    public MinerIndex minerIndex() {
        return index;
    }

    @Override
    public void close() {
        app.stop();
        service.close();
    }
}
