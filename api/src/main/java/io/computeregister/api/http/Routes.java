package io.computeregister.api.http;

import io.computeregister.api.auth.Access;
import io.computeregister.api.auth.Authenticator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;

/**
 * The one route table: every endpoint with its method, path, who may call it and a summary. {@link #register} feeds
 * Javalin from it (auth wrapped around each handler); the OpenAPI document will be generated from the same list, so
 * the two cannot drift.
 */
public final class Routes {

    /** One endpoint. */
    public record Route(HandlerType method, String path, Access access, String summary, Handler handler) {}

    /** The handlers the table refers to, one object per feature. */
    public record Handlers(
            io.computeregister.api.allocation.AllocationHandlers allocation,
            io.computeregister.api.miners.MinerHandlers miners,
            io.computeregister.api.auth.KeyHandlers keys) {}

    static final String WELCOME = "Welcome to Compute Subnet Allocation API, Please access the API via endpoint.";

    private Routes() {}

    public static List<Route> table(Handlers h) {
        return List.of(
                new Route(HandlerType.GET, "/", Access.PUBLIC, "Welcome message",
                        ctx -> ctx.json(Map.of("message", WELCOME))),
                new Route(HandlerType.POST, "/service/allocate_spec", Access.RENTER,
                        "Allocate a miner matching resource requirements (dry_run=true explains placement only)",
                        h.allocation()::allocateSpec),
                new Route(HandlerType.POST, "/service/allocate_hotkey", Access.RENTER,
                        "Allocate the miner with this hotkey", h.allocation()::allocateHotkey),
                new Route(HandlerType.POST, "/service/deallocate", Access.RENTER,
                        "Release an allocation (hotkey + uuid_key)", h.allocation()::deallocate),
                new Route(HandlerType.POST, "/admin/keys", Access.ADMIN,
                        "Create a renter API key (returned once)", h.keys()::createKey),
                new Route(HandlerType.POST, "/admin/miners/block", Access.ADMIN,
                        "Block a miner from placement", h.miners()::block),
                new Route(HandlerType.POST, "/admin/miners/unblock", Access.ADMIN,
                        "Unblock a miner", h.miners()::unblock));
    }

    public static void register(RoutesConfig routes, List<Route> table, Authenticator auth) {
        for (Route route : table) {
            Handler handler = route.handler();
            Access access = route.access();
            routes.addHttpHandler(route.method(), route.path(), ctx -> {
                auth.require(ctx, access);
                handler.handle(ctx);
            });
        }
        ErrorMapper.register(routes);
    }
}
