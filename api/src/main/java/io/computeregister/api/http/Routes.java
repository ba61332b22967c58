package io.computeregister.api.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsHandlerType;
import java.util.List;

/** Puts a route table on Javalin: every handler behind the access check, then the {@link ErrorMapper}. */
public final class Routes {

    private Routes() {}

    public static void register(RoutesConfig routes, List<Route> table, AccessCheck access) {
        for (Route route : table) {
            Handler handler = route.handler();
            Access who = route.access();
            Handler checked = ctx -> {
                access.require(ctx, who);
                handler.handle(ctx);
            };
            if (route.isWebSocket()) {
                // The upgrade request is HTTP: refused there (401, 403, 422) it never becomes a socket.
                routes.addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, route.path(), checked);
                routes.addWsHandler(WsHandlerType.WEBSOCKET, route.path(), route.socket());
            } else {
                routes.addHttpHandler(route.method(), route.path(), checked);
            }
        }
        ErrorMapper.register(routes);
    }
}
