package io.computeregister.api.events;

import io.computeregister.api.auth.Access;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.store.Tenant;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebSocket {@code /connect} (§2.2): the original's keepalive frames ({@code {"type": "keepalive", "payload":
 * {"time": ...}}}) immediately and then periodically, plus {@code {"type": "event", ...}} frames from the
 * {@link EventHub}. {@code ?since=N} replays events after seq N first. Unlike the original (one global socket that a
 * newer connection replaced, §8.45) every connection is served; the upgrade is authenticated like any renter route.
 */
public final class EventSocket {

    public static final String PATH = "/connect";
    public static final String SUMMARY = "WebSocket: keepalive frames and allocation events; ?since=N replays";

    private final EventHub hub;
    private final Map<String, Object> handles = new ConcurrentHashMap<>();

    public EventSocket(EventHub hub) {
        this.hub = hub;
    }

    public void register(RoutesConfig routes, Authenticator auth) {
        routes.addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, PATH, ctx -> {
            auth.require(ctx, Access.RENTER);
            String since = ctx.queryParam("since");
            if (since != null && !since.matches("\\d{1,18}")) {
                throw new ApiException(422, "Validation Error, Please check the request body.",
                        "since must be a non-negative integer (an event seq)");
            }
        });
        routes.addWsHandler(io.javalin.websocket.WsHandlerType.WEBSOCKET, PATH, ws -> {
            ws.onConnect(ctx -> {
                Tenant tenant = ctx.attribute(Authenticator.ATTRIBUTE);
                String since = ctx.queryParam("since");
                handles.put(ctx.sessionId(), hub.subscribe(frame -> send(ctx, frame), tenant,
                        since == null ? null : Long.parseLong(since)));
            });
            ws.onClose(ctx -> drop(ctx));
            ws.onError(ctx -> drop(ctx));
        });
    }

    private static boolean send(WsContext ctx, String frame) {
        try {
            if (!ctx.session.isOpen()) return false;
            ctx.send(frame);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void drop(WsContext ctx) {
        Object handle = handles.remove(ctx.sessionId());
        if (handle != null) hub.unsubscribe(handle);
    }
}
