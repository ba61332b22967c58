package io.computeregister.api.miners;

import static io.computeregister.api.http.RouteDoc.doc;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.store.Store;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * Admin blacklist: {@code POST /admin/miners/block} {hotkey, reason} and {@code /unblock} {hotkey}. Unlike the
 * original's hard-coded empty list and unread DB table (docs/protocol.md §6.4), this one is consulted by every
 * placement.
 */
public final class MinerHandlers {

    private final Store store;
    private final MinerIndex index;

    public MinerHandlers(Store store, MinerIndex index) {
        this.store = store;
        this.index = index;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/admin/miners/block", Access.ADMIN, "Block a miner from placement",
                        this::block,
                        doc().body(BlockRequest.class, true, "{hotkey, reason}")
                                .reply(RouteDoc.Shape.ENVELOPE, BlockState.class, "the miner's block state")
                                .build()),
                new Route(HandlerType.POST, "/admin/miners/unblock", Access.ADMIN, "Unblock a miner", this::unblock,
                        doc().body(BlockRequest.class, true, "{hotkey}")
                                .reply(RouteDoc.Shape.ENVELOPE, BlockState.class, "the miner's block state")
                                .build()));
    }

    void block(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        JsonNode body = in.body(true);
        boolean object = in.isObject(body);
        String hotkey = in.stringField(body, "hotkey", null);
        String reason = in.stringField(body, "reason", null);
        in.require(!object || hotkey != null && !hotkey.isBlank(), "hotkey", "Field required");
        in.require(!object || reason != null && !reason.isBlank(), "reason", "Field required");
        in.throwIfInvalid();
        store.setBlocked(hotkey, true, reason);
        index.refresh();
        ctx.json(Envelope.success("Miner blocked.", state(hotkey, true, reason)));
    }

    void unblock(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        JsonNode body = in.body(true);
        boolean object = in.isObject(body);
        String hotkey = in.stringField(body, "hotkey", null);
        in.require(!object || hotkey != null && !hotkey.isBlank(), "hotkey", "Field required");
        in.throwIfInvalid();
        store.setBlocked(hotkey, false, null);
        index.refresh();
        ctx.json(Envelope.success("Miner unblocked.", state(hotkey, false, null)));
    }

    /** The body of block and unblock (unblock reads only the hotkey). */
    public record BlockRequest(String hotkey, String reason) {}

    /** A miner's block state, as both routes answer it. */
    public record BlockState(String hotkey, boolean blocked, String reason) {}

    private static BlockState state(String hotkey, boolean blocked, String reason) {
        return new BlockState(hotkey, blocked, reason);
    }
}
