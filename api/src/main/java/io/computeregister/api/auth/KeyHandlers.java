package io.computeregister.api.auth;

import static io.computeregister.api.http.RouteDoc.doc;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.store.ApiKeyInfo;
import io.computeregister.api.store.KeyRevocation;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.List;

/**
 * API keys over HTTP. Admins: {@code POST /admin/keys} creates a renter tenant (or reuses one by name) and issues it a
 * key; {@code GET /admin/keys} lists every key; {@code POST /admin/keys/revoke} revokes any. Every tenant, for its own
 * keys only: {@code GET /keys}, {@code POST /keys} (one more key), {@code POST /keys/revoke}. A key is shown once, at
 * creation; listings show its prefix. Another tenant's key looks exactly like a missing one (404).
 */
public final class KeyHandlers {

    /** Working keys one tenant may issue itself: enough to rotate, not a way to fill the store. */
    static final int MAX_ACTIVE_PER_TENANT = 20;
    private static final String NOT_FOUND = "API key not found";

    private final Store store;
    private final Clock clock;

    public KeyHandlers(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Route> routes() {
        var env = RouteDoc.Shape.ENVELOPE;
        return List.of(
                // ---- the caller's own API keys
                new Route(HandlerType.GET, "/keys", Access.RENTER, "List your API keys (prefixes; never a key)",
                        this::listOwnKeys,
                        doc().reply(env, RouteDoc.listOf(KeyView.class), "revoked keys included").build()),
                new Route(HandlerType.POST, "/keys", Access.RENTER,
                        "Create one more API key for your tenant (returned once)", this::createOwnKey,
                        doc().reply(201, env, CreatedKey.class, "the key, shown only this once; 409 past "
                                + MAX_ACTIVE_PER_TENANT + " working keys").build()),
                new Route(HandlerType.POST, "/keys/revoke", Access.RENTER,
                        "Revoke one of your API keys by its prefix (another tenant's: 404)", this::revokeOwnKey,
                        revokeDoc()),
                // ---- admin
                new Route(HandlerType.POST, "/admin/keys", Access.ADMIN,
                        "Create a renter API key (returned once)", this::createKey,
                        doc().body(KeyRequest.class, true, "{tenant}")
                                .reply(201, env, CreatedKey.class, "the key, shown only this once").build()),
                new Route(HandlerType.GET, "/admin/keys", Access.ADMIN,
                        "List every tenant's API keys (prefixes; never a key)", this::listKeys,
                        doc().reply(env, RouteDoc.listOf(KeyView.class), "revoked keys included").build()),
                new Route(HandlerType.POST, "/admin/keys/revoke", Access.ADMIN,
                        "Revoke any tenant's API key by its prefix (refused at once on every replica)",
                        this::revokeKey, revokeDoc()));
    }

    private static RouteDoc revokeDoc() {
        return doc().body(RevokeRequest.class, true, "{prefix}: the prefix the key was listed with")
                .reply(RouteDoc.Shape.ENVELOPE, KeyView.class,
                        "the key with its revoked_at; 404 for an unknown prefix").build();
    }

    /** A key in a listing or a revocation's answer; times as ISO-8601 instants like every time the API shows. */
    public record KeyView(String tenant, String prefix, String createdAt, String revokedAt) {
        static KeyView of(ApiKeyInfo k) {
            return new KeyView(k.tenantName(), k.prefix(), k.createdAt().toString(),
                    k.revokedAt() == null ? null : k.revokedAt().toString());
        }
    }

    /** The body of {@code POST /admin/keys}. */
    public record KeyRequest(String tenant) {}

    /** A key just issued: the only answer that ever carries the key itself. */
    public record CreatedKey(String tenant, String tenantId, boolean admin, String key, String prefix) {
        @Override
        public String toString() {
            return "CreatedKey[tenant=" + tenant + ", prefix=" + prefix + ", key=***]";
        }
    }

    /** The body of both revoke routes. */
    public record RevokeRequest(String prefix) {}

    void createKey(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        JsonNode body = in.body(true);
        in.isObject(body);
        String tenantName = in.stringField(body, "tenant", null);
        in.require(body == null || !body.isObject() || tenantName != null, "tenant", "Field required");
        in.require(tenantName == null || tenantName.matches("[A-Za-z0-9._-]{1,64}"), "tenant",
                "must be 1-64 characters of letters, digits, '.', '_' or '-'");
        in.throwIfInvalid();
        issue(ctx, store.findTenantByName(tenantName).orElseGet(() -> store.createTenant(tenantName, false)));
    }

    void createOwnKey(Context ctx) {
        Tenant tenant = Authenticator.tenant(ctx);
        long working = store.listApiKeys(tenant.id()).stream().filter(k -> k.revokedAt() == null).count();
        if (working >= MAX_ACTIVE_PER_TENANT) {
            throw new ApiException(409, "Too many API keys",
                    "at most " + MAX_ACTIVE_PER_TENANT + " working keys per tenant; revoke one first");
        }
        issue(ctx, tenant);
    }

    private void issue(Context ctx, Tenant tenant) {
        ApiKeys.Issued issued = ApiKeys.issue(tenant.id(), clock.instant());
        store.addApiKey(issued.record());
        CreatedKey data = new CreatedKey(tenant.name(), tenant.id(), tenant.admin(), issued.key(),
                issued.record().prefix());
        ctx.status(201).json(Envelope.success("API key created; it is shown only this once.", data));
    }

    void listKeys(Context ctx) {
        ctx.json(Envelope.success("API keys", views(store.listApiKeys(null))));
    }

    void listOwnKeys(Context ctx) {
        ctx.json(Envelope.success("API keys", views(store.listApiKeys(Authenticator.tenant(ctx).id()))));
    }

    void revokeKey(Context ctx) {
        revoke(ctx, null);
    }

    void revokeOwnKey(Context ctx) {
        revoke(ctx, Authenticator.tenant(ctx).id());
    }

    /** Revokes by prefix among one tenant's keys, or (tenantId null) among all. */
    private void revoke(Context ctx, String tenantId) {
        RequestReader in = new RequestReader(ctx);
        JsonNode body = in.body(true);
        boolean object = in.isObject(body);
        String prefix = object ? in.stringField(body, "prefix", null) : null;
        if (object) {
            in.require(body.has("prefix"), "prefix", "Field required");
            in.require(prefix == null || (!prefix.isBlank() && prefix.length() <= 64), "prefix",
                    "must be the key's prefix as listed (1-64 characters)");
        }
        in.throwIfInvalid();
        switch (store.revokeApiKey(prefix, tenantId)) {
            case KeyRevocation.Revoked r -> ctx.json(Envelope.success("API key revoked.", KeyView.of(r.key())));
            case KeyRevocation.NotFound n ->
                    throw new ApiException(404, NOT_FOUND, "no API key has prefix '" + prefix + "'");
            case KeyRevocation.Ambiguous a -> throw new ApiException(409, "Ambiguous API key prefix",
                    "prefix '" + prefix + "' matches " + a.keys() + " working keys; nothing was revoked");
        }
    }

    private static List<KeyView> views(List<ApiKeyInfo> keys) {
        return keys.stream().map(KeyView::of).toList();
    }
}
