package io.computeregister.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.cli.CliErrors.UserError;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds an allocation by its uuid: first in the local credential store (which also has the password), then in the
 * API's {@code /list/allocations_sql} (which has the hotkey and SSH address, never the password).
 */
final class AllocationLookup {

    /** What the commands need to act on an allocation. */
    record Found(JsonNode allocation, String password, String identityFile, boolean local) {

        String hotkey() {
            return allocation.path("hotkey").asText();
        }

        String uuid() {
            return allocation.path("uuid_key").asText();
        }

        @Override
        public String toString() {
            return "Found[uuid=" + uuid() + ", hotkey=" + hotkey() + ", password=***]";
        }
    }

    private AllocationLookup() {}

    static Found find(ApiOptions api, RegisterClient client, String uuid) {
        CredentialStore.checkUuid(uuid);
        Optional<CredentialStore.Saved> saved = api.store().find(uuid);
        if (saved.isPresent()) {
            JsonNode a = saved.get().allocation();
            String pw = a.path("ssh_password").asText("");
            return new Found(a, pw.isEmpty() ? null : pw, saved.get().identityFile(), true);
        }
        var reply = client.post("/list/allocations_sql", null, null, Duration.ofSeconds(30));
        if (reply.status() == 404 && reply.body() != null && reply.body().has("message")) {
            throw new UserError("no allocation " + uuid + ": the API lists no allocations for this key", 1);
        }
        reply.orThrow();
        for (JsonNode a : ListCommand.items(reply.data())) {
            if (uuid.equals(a.path("uuid_key").asText())) {
                String pw = a.path("ssh_password").asText("");
                return new Found(a, pw.isEmpty() ? null : pw, null, false);
            }
        }
        throw new UserError("no allocation " + uuid + " in " + api.store().dir() + " nor in the API's list", 1);
    }
}
