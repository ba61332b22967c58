package io.computeregister.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.TestDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Listing and revoking API keys: admins see and revoke every key ({@code GET /admin/keys},
 * {@code POST /admin/keys/revoke}), a renter its own ({@code GET /keys}, {@code POST /keys},
 * {@code POST /keys/revoke}); a revoked key is refused at once; no listing ever shows a key or its hash.
 */
class ApiKeyManagementTest {

    /** Any authenticated renter route: tells a working key (200) from a refused one (401). */
    private static final String PROBE = "/list/count_all_gpus";

    private static List<String> prefixes(JsonNode listing) {
        List<String> out = new ArrayList<>();
        listing.path("data").forEach(k -> out.add(k.path("prefix").asText()));
        return out;
    }

    private static JsonNode entry(JsonNode listing, String prefix) {
        for (JsonNode k : listing.path("data")) if (k.path("prefix").asText().equals(prefix)) return k;
        throw new AssertionError("no key " + prefix + " in " + listing);
    }

    @EachDatabase
    void an_admin_lists_every_key_without_the_keys_and_revokes_one_which_is_refused_at_once(TestDb db) {
        try (ApiHarness api = new ApiHarness(db)) {
            String acme = api.renterKey("acme");
            String globex = api.renterKey("globex");
            assertThat(api.post(PROBE, null, acme).status()).isEqualTo(200);

            var listed = api.get("/admin/keys", ApiHarness.ADMIN_KEY);
            assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
            assertThat(listed.body().path("success").asBoolean()).isTrue();
            assertThat(prefixes(listed.body())).contains(ApiKeys.prefixOf(acme), ApiKeys.prefixOf(globex),
                    ApiKeys.prefixOf(ApiHarness.ADMIN_KEY));
            JsonNode acmeEntry = entry(listed.body(), ApiKeys.prefixOf(acme));
            assertThat(acmeEntry.path("tenant").asText()).isEqualTo("acme");
            assertThat(acmeEntry.path("created_at").asText()).isEqualTo(db.clock.instant().toString());
            assertThat(acmeEntry.path("revoked_at").isNull()).isTrue();
            assertThat(listed.raw()).doesNotContain(acme).doesNotContain(globex).doesNotContain(ApiHarness.ADMIN_KEY)
                    .doesNotContain(ApiKeys.hash(acme)).doesNotContain("key_hash");

            var revoked = api.post("/admin/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(acme) + "\"}",
                    ApiHarness.ADMIN_KEY);
            assertThat(revoked.status()).as(revoked.raw()).isEqualTo(200);
            assertThat(revoked.body().path("data").path("tenant").asText()).isEqualTo("acme");
            assertThat(revoked.body().path("data").path("revoked_at").asText())
                    .isEqualTo(db.clock.instant().toString());

            var refused = api.post(PROBE, null, acme);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body().path("success").asBoolean()).isFalse();
            assertThat(api.post(PROBE, null, globex).status()).as("other keys go on").isEqualTo(200);
            assertThat(entry(api.get("/admin/keys", ApiHarness.ADMIN_KEY).body(), ApiKeys.prefixOf(acme))
                    .path("revoked_at").asText()).isEqualTo(db.clock.instant().toString());
            // Revoking it again changes nothing and says when it was revoked.
            var again = api.post("/admin/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(acme) + "\"}",
                    ApiHarness.ADMIN_KEY);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("data").path("revoked_at").asText())
                    .isEqualTo(revoked.body().path("data").path("revoked_at").asText());
        }
    }

    @EachDatabase
    void bad_revocations_are_clear_4xx_naming_the_field(TestDb db) {
        try (ApiHarness api = new ApiHarness(db)) {
            String acme = api.renterKey("acme");
            var unknown = api.post("/admin/keys/revoke", "{\"prefix\": \"cr_nothere\"}", ApiHarness.ADMIN_KEY);
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.body().path("success").asBoolean()).isFalse();
            assertThat(unknown.body().path("err_detail").asText()).contains("prefix").contains("cr_nothere");

            for (String body : List.of("{}", "{\"prefix\": 5}", "{\"prefix\": \"\"}", "[\"cr_x\"]")) {
                var bad = api.post("/admin/keys/revoke", body, ApiHarness.ADMIN_KEY);
                assertThat(bad.status()).as(body).isEqualTo(422);
                assertThat(bad.body().path("err_detail").get(0).path("field").asText()).as(body)
                        .isIn("prefix", "body");
            }
            assertThat(api.post("/admin/keys/revoke", null, ApiHarness.ADMIN_KEY).status()).isEqualTo(422);

            // Renters cannot use the admin routes.
            assertThat(api.get("/admin/keys", acme).status()).isEqualTo(403);
            assertThat(api.post("/admin/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(ApiHarness.ADMIN_KEY)
                    + "\"}", acme).status()).isEqualTo(403);
            assertThat(api.get("/admin/keys", null).status()).isEqualTo(401);
            assertThat(api.post(PROBE, null, ApiHarness.ADMIN_KEY).status()).isEqualTo(200);
        }
    }

    @EachDatabase
    void a_prefix_two_active_keys_share_is_refused_and_revokes_neither(TestDb db) {
        try (ApiHarness api = new ApiHarness(db)) {
            api.renterKey("acme");
            String tenantId = db.store.findTenantByName("acme").orElseThrow().id();
            // Operator-chosen keys (like COMPUTE_ADMIN_KEY) can share their first characters.
            String one = "cr_samepref-one-0123456789abcdefghijklmnop";
            String two = "cr_samepref-two-0123456789abcdefghijklmnop";
            db.store.addApiKey(ApiKeys.recordFor(one, tenantId, db.clock.instant()));
            db.store.addApiKey(ApiKeys.recordFor(two, tenantId, db.clock.instant()));

            var r = api.post("/admin/keys/revoke", "{\"prefix\": \"cr_samepref\"}", ApiHarness.ADMIN_KEY);

            assertThat(r.status()).isEqualTo(409);
            assertThat(r.body().path("err_detail").asText()).contains("prefix");
            assertThat(api.post(PROBE, null, one).status()).isEqualTo(200);
            assertThat(api.post(PROBE, null, two).status()).isEqualTo(200);
        }
    }

    @EachDatabase
    void a_renter_manages_its_own_keys_and_never_sees_or_revokes_another_tenants(TestDb db) {
        try (ApiHarness api = new ApiHarness(db)) {
            String acme = api.renterKey("acme");
            String globex = api.renterKey("globex");

            var created = api.post("/keys", null, acme);
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String second = created.body().path("data").path("key").asText();
            assertThat(created.body().path("data").path("tenant").asText()).isEqualTo("acme");
            assertThat(created.body().path("data").path("prefix").asText()).isEqualTo(ApiKeys.prefixOf(second));
            assertThat(api.post(PROBE, null, second).status()).isEqualTo(200);

            var mine = api.get("/keys", acme);
            assertThat(mine.status()).isEqualTo(200);
            assertThat(prefixes(mine.body()))
                    .containsExactlyInAnyOrder(ApiKeys.prefixOf(acme), ApiKeys.prefixOf(second));
            assertThat(mine.raw()).doesNotContain(acme).doesNotContain(second);

            // Another tenant's key looks exactly like a missing one, and keeps working.
            var theirs = api.post("/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(globex) + "\"}", acme);
            var missing = api.post("/keys/revoke", "{\"prefix\": \"cr_nothere\"}", acme);
            assertThat(theirs.status()).isEqualTo(404);
            assertThat(theirs.body().path("message")).isEqualTo(missing.body().path("message"));
            assertThat(api.post(PROBE, null, globex).status()).isEqualTo(200);

            var revoked = api.post("/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(acme) + "\"}", second);
            assertThat(revoked.status()).as(revoked.raw()).isEqualTo(200);
            assertThat(api.post(PROBE, null, acme).status()).isEqualTo(401);
            assertThat(api.post(PROBE, null, second).status()).isEqualTo(200);
            // An admin can revoke any tenant's key.
            assertThat(api.post("/admin/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(second) + "\"}",
                    ApiHarness.ADMIN_KEY).status()).isEqualTo(200);
            assertThat(api.post(PROBE, null, second).status()).isEqualTo(401);
        }
    }

    @EachDatabase
    void a_renter_has_a_bounded_number_of_active_keys(TestDb db) {
        try (ApiHarness api = new ApiHarness(db)) {
            String first = api.renterKey("acme");
            String latest = first;
            for (int i = 1; i < KeyHandlers.MAX_ACTIVE_PER_TENANT; i++) {
                var created = api.post("/keys", null, first);
                assertThat(created.status()).isEqualTo(201);
                latest = created.body().path("data").path("key").asText();
            }
            var refused = api.post("/keys", null, first);
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.body().path("err_detail").asText()).contains("revoke");

            assertThat(api.post("/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(first) + "\"}", latest)
                    .status()).isEqualTo(200);
            var afterRevoke = api.post("/keys", null, latest);
            assertThat(afterRevoke.status()).as("a revoked key frees its place").isEqualTo(201);
        }
    }

    @EachDatabase
    void a_revoked_admin_key_from_the_environment_is_not_brought_back_by_a_restart(TestDb db) {
        try (ApiHarness api = new ApiHarness(db)) {
            var r = api.post("/admin/keys/revoke", "{\"prefix\": \"" + ApiKeys.prefixOf(ApiHarness.ADMIN_KEY) + "\"}",
                    ApiHarness.ADMIN_KEY);
            assertThat(r.status()).isEqualTo(200);
        }
        PrintStream console = new PrintStream(new ByteArrayOutputStream());
        assertThatThrownBy(() -> AdminBootstrap.ensureAdmin(db.store, ApiHarness.ADMIN_KEY, db.clock, console))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(AdminBootstrap.ENV_ADMIN_KEY).hasMessageContaining("revoked")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(ApiHarness.ADMIN_KEY));
    }
}
