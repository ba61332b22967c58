package io.computeregister.api.events;

import static io.computeregister.api.http.RouteDoc.doc;

import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.http.ValidationException;
import io.computeregister.api.store.Tenant;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * WebSocket {@code /connect} (docs/protocol.md §2.2): the original's keepalive frames ({@code {"type": "keepalive",
 * "payload": {"time": ...}}}) immediately and then periodically, plus {@code {"type": "event", ...}} frames from the
 * {@link EventHub}. {@code ?since=N} replays events after seq N first. Unlike the original (one global socket that a
 * newer connection replaced, docs/compatibility.md row 45) every connection is served; the upgrade is authenticated
 * like any renter route.
 */
public final class EventSocket {

    static final String PATH = "/connect";

    private final EventHub hub;
    private final Map<String, Object> handles = new ConcurrentHashMap<>();

    public EventSocket(EventHub hub) {
        this.hub = hub;
    }

    public Route route() {
        return Route.websocket(PATH, Access.RENTER,
                "WebSocket: keepalive frames and allocation events; ?since=N replays", EventSocket::checkUpgrade,
                doc().query("since", Long.class, false, "replay events with a sequence number above this first")
                        .reply(101, RouteDoc.Shape.UPGRADE, null, "WebSocket upgrade; text frames {type, payload}")
                        .build(),
                this::serve);
    }

    private static void checkUpgrade(Context ctx) {
        String since = ctx.queryParam("since");
        if (since != null && !since.matches("\\d{1,18}")) {
            throw new ApiException(422, ValidationException.MESSAGE,
                    "since must be a non-negative integer (an event seq)");
        }
    }

    private void serve(WsConfig ws) {
        ws.onConnect(ctx -> {
            Tenant tenant = ctx.attribute(Authenticator.ATTRIBUTE);
            String since = ctx.queryParam("since");
            handles.put(ctx.sessionId(), hub.subscribe(frame -> send(ctx, frame), tenant,
                    since == null ? null : Long.parseLong(since)));
        });
        ws.onClose(ctx -> drop(ctx));
        ws.onError(ctx -> drop(ctx));
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
