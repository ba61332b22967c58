package io.computeregister.api.auth;

import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Makes sure an admin can log in. With {@code COMPUTE_ADMIN_KEY} set, that key (hashed) belongs to the admin tenant.
 * Otherwise, on the very first start only, a key is generated and printed once to the console (never to the log);
 * later starts print nothing, the operator keeps the key or creates a new one through the env variable. A
 * {@code COMPUTE_ADMIN_KEY} that was revoked is refused (the process does not start) rather than brought back.
 */
public final class AdminBootstrap {

    public static final String ENV_ADMIN_KEY = "COMPUTE_ADMIN_KEY";
    static final String ADMIN_TENANT = "admin";

    private AdminBootstrap() {}

    public static Tenant ensureAdmin(Store store, String envAdminKey, Clock clock, PrintStream console) {
        var existing = store.findTenantByName(ADMIN_TENANT);
        Tenant admin = existing.orElseGet(() -> store.createTenant(ADMIN_TENANT, true));
        if (envAdminKey != null && !envAdminKey.isBlank()) {
            String key = envAdminKey.trim();
            if (store.findTenantByKeyHash(ApiKeys.hash(key)).isEmpty()
                    && !store.addApiKey(ApiKeys.recordFor(key, admin.id(), clock.instant()))) {
                // Stored but not working: an admin revoked it. Bringing it back would undo the revocation.
                throw new IllegalStateException(ENV_ADMIN_KEY + " is a revoked key (prefix "
                        + ApiKeys.prefixOf(key) + "): set a new one");
            }
        } else if (existing.isEmpty()) {
            ApiKeys.Issued issued = ApiKeys.issue(admin.id(), clock.instant());
            store.addApiKey(issued.record());
            console.println("Admin API key (shown once, store it now): " + issued.key());
        }
        return admin;
    }

    /** The identity of every caller in {@link AuthMode#NONE}. */
    public static Tenant localTenant(Store store) {
        return store.findTenantByName("local").orElseGet(() -> store.createTenant("local", true));
    }
}
