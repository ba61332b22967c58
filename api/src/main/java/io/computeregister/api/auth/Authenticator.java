package io.computeregister.api.auth;

import io.computeregister.api.http.Access;
import io.computeregister.api.http.AccessCheck;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * Decides who is calling. The allowlist applies first (in both modes), then the key. The resolved tenant is stored
 * on the request for handlers ({@link #tenant(Context)}).
 */
public final class Authenticator implements AccessCheck {

    /** The request attribute holding the caller (also visible to WebSocket handlers after the upgrade). */
    public static final String ATTRIBUTE = "compute.tenant";
    /** The WebSocket subprotocol that marks the next one as the API key (see {@link #authorization}). */
    public static final String WS_BEARER_PROTOCOL = "compute.bearer";

    private final AuthMode mode;
    private final IpAllowlist allowlist;
    private final Store store;
    private final Tenant localTenant;

    /** {@code localTenant} is the caller identity in {@link AuthMode#NONE}; unused with keys. */
    public Authenticator(AuthMode mode, IpAllowlist allowlist, Store store, Tenant localTenant) {
        this.mode = mode;
        this.allowlist = allowlist;
        this.store = store;
        this.localTenant = mode == AuthMode.NONE ? Objects.requireNonNull(localTenant) : localTenant;
    }

    @Override
    public void require(Context ctx, Access access) {
        if (!allowlist.allows(ctx.ip())) {
            throw ApiException.forbidden("client address " + ctx.ip() + " is not in the allowlist");
        }
        if (access == Access.PUBLIC) return;
        Tenant tenant = mode == AuthMode.NONE ? localTenant : fromKey(authorization(ctx));
        if (access == Access.ADMIN && !tenant.admin()) {
            throw ApiException.forbidden("this route needs an admin API key");
        }
        ctx.attribute(ATTRIBUTE, tenant);
    }

    /**
     * The Authorization header; on a WebSocket upgrade without one, the key offered as the second subprotocol after
     * {@value #WS_BEARER_PROTOCOL}: browsers cannot set headers on {@code new WebSocket(url, protocols)}, only
     * protocols (Javalin echoes the first one, the marker, so the key never comes back in the response).
     */
    private static String authorization(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null || !"websocket".equalsIgnoreCase(ctx.header("Upgrade"))) return header;
        String offered = ctx.header("Sec-WebSocket-Protocol");
        if (offered == null) return null;
        String[] protocols = offered.split(",");
        if (protocols.length == 2 && protocols[0].strip().equals(WS_BEARER_PROTOCOL)) {
            return "Bearer " + protocols[1].strip();
        }
        return null;
    }

    private Tenant fromKey(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            throw ApiException.unauthorized("missing API key: send 'Authorization: Bearer <key>'");
        }
        String key = header.substring(7).trim();
        return store.findTenantByKeyHash(ApiKeys.hash(key))
                .orElseThrow(() -> ApiException.unauthorized("unknown or revoked API key"));
    }

    public static Tenant tenant(Context ctx) {
        Tenant tenant = ctx.attribute(ATTRIBUTE);
        if (tenant == null) throw new IllegalStateException("route registered without authentication");
        return tenant;
    }
}
