package io.computeregister.api.auth;

import io.computeregister.api.http.ApiException;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * Decides who is calling. The allowlist applies first (in both modes), then the key. The resolved tenant is stored
 * on the request for handlers ({@link #tenant(Context)}).
 */
public final class Authenticator {

    /** The request attribute holding the caller (also visible to WebSocket handlers after the upgrade). */
    public static final String ATTRIBUTE = "compute.tenant";

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

    public void require(Context ctx, Access access) {
        if (!allowlist.allows(ctx.ip())) {
            throw ApiException.forbidden("client address " + ctx.ip() + " is not in the allowlist");
        }
        if (access == Access.PUBLIC) return;
        Tenant tenant = mode == AuthMode.NONE ? localTenant : fromKey(ctx.header("Authorization"));
        if (access == Access.ADMIN && !tenant.admin()) {
            throw ApiException.forbidden("this route needs an admin API key");
        }
        ctx.attribute(ATTRIBUTE, tenant);
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
