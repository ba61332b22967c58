package io.computeregister.api.auth;

import static io.computeregister.api.http.RouteDoc.doc;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Access;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.RequestReader;
import io.computeregister.api.http.Route;
import io.computeregister.api.http.RouteDoc;
import io.computeregister.api.openapi.Shapes;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code POST /admin/keys}: creates a renter tenant (or reuses one by name) and issues it a key, shown once. */
public final class KeyHandlers {

    private final Store store;
    private final Clock clock;

    public KeyHandlers(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(new Route(HandlerType.POST, "/admin/keys", Access.ADMIN,
                "Create a renter API key (returned once)", this::createKey,
                doc().body(Shapes.KeyRequest.class, true, "{tenant}")
                        .reply(201, RouteDoc.Shape.ENVELOPE, Shapes.CreatedKey.class, "the key, shown only this once")
                        .build()));
    }

    void createKey(Context ctx) {
        RequestReader in = new RequestReader(ctx);
        JsonNode body = in.body(true);
        in.isObject(body);
        String tenantName = in.stringField(body, "tenant", null);
        in.require(body == null || !body.isObject() || tenantName != null, "tenant", "Field required");
        in.require(tenantName == null || tenantName.matches("[A-Za-z0-9._-]{1,64}"), "tenant",
                "must be 1-64 characters of letters, digits, '.', '_' or '-'");
        in.throwIfInvalid();
        Tenant tenant = store.findTenantByName(tenantName).orElseGet(() -> store.createTenant(tenantName, false));
        ApiKeys.Issued issued = ApiKeys.issue(tenant.id(), clock.instant());
        store.addApiKey(issued.record());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("tenant", tenant.name());
        data.put("tenant_id", tenant.id());
        data.put("admin", tenant.admin());
        data.put("key", issued.key());
        data.put("prefix", issued.record().prefix());
        ctx.status(201).json(Envelope.success("API key created; it is shown only this once.", data));
    }
}
