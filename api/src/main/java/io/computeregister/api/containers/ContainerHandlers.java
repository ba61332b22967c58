package io.computeregister.api.containers;

import static io.computeregister.api.http.RouteDoc.doc;
import static io.computeregister.api.http.RouteDoc.listOf;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.budget.RequestBudgets;
import io.computeregister.api.budget.TenantBudget;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.FieldError;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.protocol.allocate.DockerAction;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * HTTP side of docs/protocol.md §2.6-§2.8: the original's parameter placement, validation into one 422, then the
 * service.
 */
public final class ContainerHandlers {

    static final Set<String> KEY_TYPES = Set.of("user", "terminal");
    /** More hotkeys than the subnet has uids is a mistake, not a query; bounds the probe fan-out. */
    static final int MAX_HOTKEYS = RequestBudgets.LARGEST_PROBE_CALL;

    private final ContainerService service;
    private final TenantBudget probes;

    /** @param probes charged one token per hotkey of a probing {@code check_miner_status} call */
    public ContainerHandlers(ContainerService service, TenantBudget probes) {
        this.service = service;
        this.probes = probes;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.POST, "/service/check_miner_status", Access.RENTER,
                        "Probe miners concurrently: Docker ONLINE/OFFLINE, NO_RESPONSE, Not Found",
                        this::checkMinerStatus,
                        doc().query("query_version", Boolean.class, false, "report versions instead of probing")
                                .body(listOf(String.class), true, "a bare JSON array of hotkeys")
                                .reply(RouteDoc.Shape.ENVELOPE, listOf(StatusItem.class),
                                        "one item per hotkey, in order")
                                .build()),
                actionRoute(ContainerAction.RESTART, "Restart the container of your allocation"),
                actionRoute(ContainerAction.PAUSE, "Pause the container of your allocation"),
                actionRoute(ContainerAction.UNPAUSE, "Unpause the container of your allocation"),
                new Route(HandlerType.POST, "/service/exchange_docker_key", Access.RENTER,
                        "Replace the SSH key of your allocation's container", this::exchangeKey,
                        doc().query("hotkey", String.class, true, "miner hotkey")
                                .query("uuid_key", String.class, true, "the allocation's uuid_key (a UUID)")
                                .query("ssh_key", String.class, true, "the new public key (percent-encoded)")
                                .query("key_type", String.class, false, "'user' (default) or 'terminal'")
                                .reply(RouteDoc.Shape.ENVELOPE, null,
                                        "the miner confirmed; the stored ssh_key is updated")
                                .build()),
                new Route(HandlerType.POST, "/allocations/{uuid}/extend", Access.RENTER,
                        "Extend your allocation's lease by some days (our miners; 409 on an original miner)",
                        this::extend,
                        doc().path("uuid", "the allocation's uuid_key")
                                .body(ExtendBody.class, true, "{\"days\": N}, N from 1 to "
                                        + DockerAction.MAX_EXTEND_DAYS)
                                .reply(RouteDoc.Shape.ENVELOPE, ContainerService.Extended.class,
                                        "the new expiry, once the miner moved its own")
                                .build()),
                new Route(HandlerType.GET, "/allocations/{uuid}/logs", Access.RENTER,
                        "Your container's recent output, fetched from its miner (our miners; 409 on an original miner)",
                        this::logs,
                        doc().path("uuid", "the allocation's uuid_key")
                                .query("tail", Integer.class, false, "how many last lines, 1 to "
                                        + DockerAction.MAX_TAIL + " (default " + DEFAULT_TAIL + ")")
                                .reply(RouteDoc.Shape.ENVELOPE, ContainerService.Logs.class,
                                        "stdout and stderr, UTF-8, at most 1 MiB")
                                .build()));
    }

    static final int DEFAULT_TAIL = 100;

    /** Path {@code uuid}; query {@code tail} (1-10000, default 100). */
    void logs(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String uuid = ctx.pathParam("uuid");
        Integer tail = in.queryInt("tail");
        in.require(tail == null || (tail >= 1 && tail <= DockerAction.MAX_TAIL), "tail",
                "Input should be from 1 to " + DockerAction.MAX_TAIL);
        in.require(ContainerService.UUID_FORMAT.matcher(uuid).matches(), "uuid", "Input should be a UUID");
        in.throwIfInvalid();
        ctx.json(Envelope.success("Logs fetched successfully.", service.logs(Authenticator.tenant(ctx), uuid,
                tail == null ? DEFAULT_TAIL : tail)));
    }

    /** extend's body. */
    record ExtendBody(int days) {}

    /** Path {@code uuid}; body {@code {"days": N}} (1-365). */
    void extend(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String uuid = ctx.pathParam("uuid");
        JsonNode body = in.body(true);
        boolean object = in.isObject(body);
        int days = object ? in.intField(body, "days", 0) : 0;
        if (object) {
            in.require(body.has("days"), "days", "Field required");
            in.require(!body.has("days") || (days >= 1 && days <= DockerAction.MAX_EXTEND_DAYS), "days",
                    "Input should be from 1 to " + DockerAction.MAX_EXTEND_DAYS);
        }
        in.require(ContainerService.UUID_FORMAT.matcher(uuid).matches(), "uuid", "Input should be a UUID");
        in.throwIfInvalid();
        ctx.json(Envelope.success("Lease extended successfully.", service.extend(Authenticator.tenant(ctx), uuid,
                days)));
    }

    /** {@code POST /service/<action>_docker?hotkey&uuid_key}: restart, pause, unpause. */
    private Route actionRoute(ContainerAction action, String summary) {
        return new Route(HandlerType.POST, "/service/" + action.wire + "_docker", Access.RENTER, summary,
                ctx -> act(ctx, action),
                doc().query("hotkey", String.class, true, "miner hotkey")
                        .query("uuid_key", String.class, true, "the allocation's uuid_key (a UUID)")
                        .reply(RouteDoc.Shape.ENVELOPE, null, action.success + " (only when the miner confirmed)")
                        .build());
    }

    /** Query {@code hotkey, uuid_key, ssh_key} (required), {@code key_type} ("user" default, or "terminal"). */
    void exchangeKey(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.requiredQuery("hotkey");
        String uuidKey = in.requiredQuery("uuid_key");
        String sshKey = in.requiredQuery("ssh_key");
        String keyType = in.optionalQuery("key_type", "user");
        // The original passed any key_type on and answered 200 while the miner failed; we refuse it up front.
        in.require(KEY_TYPES.contains(keyType), "key_type", "Input should be 'user' or 'terminal'");
        in.require(sshKey == null || !sshKey.isBlank(), "ssh_key", "String should have at least 1 character");
        in.throwIfInvalid();
        service.act(Authenticator.tenant(ctx), hotkey, uuidKey, ContainerAction.EXCHANGE_KEY, sshKey,
                keyType);
        ctx.json(Envelope.success(ContainerAction.EXCHANGE_KEY.success));
    }

    private void act(Context ctx, ContainerAction action) {
        RequestReader in = new RequestReader(ctx);
        String hotkey = in.requiredQuery("hotkey");
        String uuidKey = in.requiredQuery("uuid_key");
        in.throwIfInvalid();
        service.act(Authenticator.tenant(ctx), hotkey, uuidKey, action, null, null);
        ctx.json(Envelope.success(action.success));
    }

    /** Body: a bare JSON array of hotkeys (the single body parameter); query {@code query_version}. */
    void checkMinerStatus(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        boolean queryVersion = in.queryBool("query_version", false);
        JsonNode body = in.body(true);
        List<String> hotkeys = new ArrayList<>();
        if (body != null) {
            if (!body.isArray()) {
                in.reject("body", FieldError.NOT_A_LIST);
            } else {
                for (int i = 0; i < body.size(); i++) {
                    JsonNode h = body.get(i);
                    if (h.isTextual()) hotkeys.add(h.textValue());
                    else in.reject(i, FieldError.NOT_A_STRING); // pydantic's location ends with the index
                }
                in.require(body.size() <= MAX_HOTKEYS, "body", "List should have at most " + MAX_HOTKEYS + " items");
            }
        }
        in.throwIfInvalid();
        if (!queryVersion) probes.charge(Authenticator.tenant(ctx), hotkeys.size()); // versions are read, not probed
        ctx.json(Envelope.success("List hotkey status successfully.", service.checkStatus(hotkeys, queryVersion)));
    }
}
