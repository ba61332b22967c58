package io.computeregister.api.manage;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.auth.Authenticator;
import io.computeregister.api.budget.TenantBudget;
import io.computeregister.api.http.Envelope;
import io.computeregister.api.http.FieldError;
import io.computeregister.api.http.RequestReader;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** HTTP side of §2.6-§2.8: the original's parameter placement, validation into one 422, then the service. */
public final class ManagementHandlers {

    static final Set<String> KEY_TYPES = Set.of("user", "terminal");
    /** More hotkeys than the subnet has uids is a mistake, not a query; bounds the probe fan-out. */
    public static final int MAX_HOTKEYS = 4096;

    private final ManagementService service;
    private final TenantBudget probes;

    /** @param probes charged one token per hotkey of a probing {@code check_miner_status} call */
    public ManagementHandlers(ManagementService service, TenantBudget probes) {
        this.service = service;
        this.probes = probes;
    }

    public void restart(Context ctx) {
        act(ctx, ContainerAction.RESTART);
    }

    public void pause(Context ctx) {
        act(ctx, ContainerAction.PAUSE);
    }

    public void unpause(Context ctx) {
        act(ctx, ContainerAction.UNPAUSE);
    }

    /** Query {@code hotkey, uuid_key, ssh_key} (required), {@code key_type} ("user" default, or "terminal"). */
    public void exchangeKey(Context ctx) {
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
    public void checkMinerStatus(Context ctx) {
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
