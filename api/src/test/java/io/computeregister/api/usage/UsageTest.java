package io.computeregister.api.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Claim;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /usage} over allocations with known lives and shares, on SQLite and PostgreSQL: each allocation counted
 * for its overlap with the window (an active one up to now), per tenant; a renter sees its own, an admin all or one;
 * CSV as well as JSON; a bad window is a 422 naming the field.
 */
class UsageTest {

    private static final long GIB = 1L << 30;

    private static String allocate(TestDb db, String tenantId, String miner, int slot, Instant created, Claim taken) {
        Reservation r = db.store.reserve(miner, slot, tenantId, Duration.ofMinutes(5)).orElseThrow();
        String uuid = java.util.UUID.randomUUID().toString();
        AllocationRecord a = new AllocationRecord(uuid, miner, tenantId, AllocationState.ACTIVE, "gpu", "10.0.0.5",
                4444, "root", "pw", "", "-----BEGIN PUBLIC KEY-----\n" + uuid, 183, 7, created,
                created.plus(Duration.ofDays(7)), null, false, taken);
        assertThat(db.store.commitAllocation(r.token(), a, null, Event.of("allocation.created", uuid, "{}"))).isTrue();
        return uuid;
    }

    private static List<String> items(JsonNode body) {
        List<String> out = new ArrayList<>();
        for (JsonNode u : body.path("data").path("usage")) {
            out.add(u.path("tenant").asText() + " " + u.path("allocations").asInt() + " gpu " + u.path("gpu_hours")
                    .asDouble() + " core " + u.path("core_hours").asDouble());
        }
        return out;
    }

    @EachDatabase
    void usage_adds_up_each_allocations_overlap_with_the_window_per_tenant(TestDb db) throws Exception {
        try (ApiHarness api = new ApiHarness(db)) {
            String acmeKey = api.renterKey("acme");
            api.renterKey("globex");
            String acme = db.store.findTenantByName("acme").orElseThrow().id();
            String globex = db.store.findTenantByName("globex").orElseThrow().id();
            for (String hk : List.of("hk1", "hk2", "hk3")) db.store.upsertMiner(Fixtures.miner(hk).build());
            Instant t0 = db.clock.instant();

            // acme: A (4 cores, 2 GPUs) for 2 h, then ended; B (2 cores) from 2 h on, still active.
            String a = allocate(db, acme, "hk1", 0, t0, new Claim(4, 8 * GIB, 50 * GIB, 2, 1));
            db.clock.advance(Duration.ofHours(2));
            assertThat(db.store.endAllocation(a, AllocationState.DEALLOCATED, Event.of("allocation.deallocated", a,
                    "{}"))).isTrue();
            allocate(db, acme, "hk2", 0, t0.plus(Duration.ofHours(2)), new Claim(2, GIB, GIB, 0, 1));
            // globex: C (8 cores, 1 GPU) from 1 h on, still active.
            allocate(db, globex, "hk3", 0, t0.plus(Duration.ofHours(1)), new Claim(8, GIB, GIB, 1, 1));
            db.clock.advance(Duration.ofHours(1)); // now = t0 + 3 h

            String window = "?from=" + t0.minus(Duration.ofHours(1)) + "&to=" + t0.plus(Duration.ofHours(10));
            var all = api.get("/usage" + window, ApiHarness.ADMIN_KEY);
            assertThat(all.status()).as(all.raw()).isEqualTo(200);
            assertThat(items(all.body())).containsExactly("acme 2 gpu 4.0 core 10.0", "globex 1 gpu 2.0 core 16.0");
            assertThat(all.body().path("data").path("from").asText()).isEqualTo(t0.minus(Duration.ofHours(1)).toString());

            assertThat(items(api.get("/usage" + window, acmeKey).body())).as("a renter sees its own")
                    .containsExactly("acme 2 gpu 4.0 core 10.0");
            assertThat(items(api.get("/usage" + window + "&tenant=globex", ApiHarness.ADMIN_KEY).body()))
                    .containsExactly("globex 1 gpu 2.0 core 16.0");
            // A window that cuts the allocations: from t0 + 1 h, A counts 1 h, B 1 h, C 2 h.
            assertThat(items(api.get("/usage?from=" + t0.plus(Duration.ofHours(1)) + "&to="
                    + t0.plus(Duration.ofHours(10)), ApiHarness.ADMIN_KEY).body()))
                    .containsExactly("acme 2 gpu 2.0 core 6.0", "globex 1 gpu 2.0 core 16.0");

            var csv = api.get("/usage" + window + "&format=csv", acmeKey);
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(csv.raw()).isEqualTo("tenant,from,to,allocations,gpu_hours,core_hours\r\nacme,"
                    + t0.minus(Duration.ofHours(1)) + "," + t0.plus(Duration.ofHours(10)) + ",2,4.0,10.0\r\n");
            HttpResponse<String> accept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + api.port + "/usage" + window))
                    .header("Authorization", "Bearer " + acmeKey).header("Accept", "text/csv").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accept.body()).isEqualTo(csv.raw());
        }
    }

    @EachDatabase
    void a_bad_window_or_a_renter_naming_a_tenant_is_a_422_naming_the_field(TestDb db) {
        try (ApiHarness api = new ApiHarness(db)) {
            String key = api.renterKey("acme");
            for (var bad : List.of(List.of("?from=yesterday", "from"), List.of("?to=2026-13-01", "to"),
                    List.of("?from=2026-12-02&to=2026-12-01", "from"), List.of("?tenant=globex", "tenant"),
                    List.of("?format=xml", "format"))) {
                var r = api.get("/usage" + bad.get(0), key);
                assertThat(r.status()).as(bad.get(0)).isEqualTo(422);
                assertThat(r.body().path("err_detail").get(0).path("field").asText()).isEqualTo(bad.get(1));
            }
            // The default window: this month so far, nothing used yet.
            var empty = api.get("/usage", key);
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.body().path("data").path("usage")).isEmpty();
            assertThat(empty.body().path("data").path("from").asText()).endsWith("-01T00:00:00Z");
        }
    }
}
