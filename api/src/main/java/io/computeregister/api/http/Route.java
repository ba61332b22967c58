package io.computeregister.api.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsConfig;
import java.util.function.Consumer;

/**
 * One endpoint: method, path, who may call it, a summary and its {@link RouteDoc}. Each feature lists its own
 * ({@code XxxHandlers.routes()}); {@link Routes#register} puts them on Javalin behind the {@link AccessCheck}, and the
 * OpenAPI document is generated from the same list, so the two cannot drift.
 *
 * @param socket null for an HTTP route; for a WebSocket, what to do with the connection. Then {@code method} is GET
 *               (the upgrade request) and {@code handler} checks the upgrade request after the access check.
 */
public record Route(HandlerType method, String path, Access access, String summary, Handler handler, RouteDoc doc,
                    Consumer<WsConfig> socket) {

    /** An HTTP route. */
    public Route(HandlerType method, String path, Access access, String summary, Handler handler, RouteDoc doc) {
        this(method, path, access, summary, handler, doc, null);
    }

    /** A WebSocket at {@code path}: {@code upgrade} may refuse the upgrade request, {@code socket} serves it. */
    public static Route websocket(String path, Access access, String summary, Handler upgrade, RouteDoc doc,
                                  Consumer<WsConfig> socket) {
        return new Route(HandlerType.GET, path, access, summary, upgrade, doc, socket);
    }

    public boolean isWebSocket() {
        return socket != null;
    }
}
