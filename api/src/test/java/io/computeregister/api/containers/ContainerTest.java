package io.computeregister.api.containers;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Container actions and check_miner_status against the fake miner fleet (docs/protocol.md §2.6-§2.8; fixes of
 * docs/compatibility.md rows 14, 16, 28).
 */
class ContainerTest {

    private TestDb db;
    private ApiHarness api;
    private String acme;
    private String globex;
    private String uuid;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db);
        acme = api.renterKey("acme");
        globex = api.renterKey("globex");
        api.addMiners(Fixtures.miner("hk-a").uid(1).build(), Fixtures.miner("hk-b").uid(2).build());
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a", "{\"ssh_key\": \"ssh-ed25519 AAAAold\"}", acme);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        uuid = r.body().path("data").path("uuid_key").asText();
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    private boolean paused() {
        return db.database.jdbi().withHandle(h -> h.createQuery("SELECT paused FROM allocations WHERE uuid = :u")
                .bind("u", uuid).mapTo(Boolean.class).one());
    }

    private List<String> eventTypes() {
        List<String> out = new ArrayList<>();
        db.store.eventsAfter(0, 100).forEach(e -> out.add(e.type()));
        return out;
    }

    @Test
    void pause_unpause_and_restart_act_through_the_miner_and_record_state_and_events() {
        var pause = api.post("/service/pause_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        assertThat(pause.body().toString())
                .isEqualTo("{\"success\":true,\"message\":\"Resource paused successfully.\"}");
        assertThat(paused()).isTrue();
        var unpause = api.post("/service/unpause_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        assertThat(unpause.body().path("message").asText()).isEqualTo("Resource unpaused successfully.");
        assertThat(paused()).isFalse();
        var restart = api.post("/service/restart_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        assertThat(restart.body().path("message").asText()).isEqualTo("Resource restarted successfully.");
        assertThat(api.miners.actions).extracting(a -> a.action()).containsExactly("pause", "unpause", "restart");
        assertThat(eventTypes()).containsExactly("allocation.created", "allocation.paused", "allocation.unpaused",
                "allocation.restarted");
    }

    @Test
    void every_action_carries_the_allocations_remaining_timeline_never_zero() {
        // allocate_hotkey holds the miner for 30 days; 10 days and an hour later, 20 whole days are left (rounded up)
        db.clock.advance(Duration.ofDays(10).plusHours(1));
        for (String action : List.of("pause_docker", "unpause_docker", "restart_docker")) {
            var r = api.post("/service/" + action + "?hotkey=hk-a&uuid_key=" + uuid, null, acme);
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
        }
        var key = api.post("/service/exchange_docker_key?hotkey=hk-a&uuid_key=" + uuid + "&ssh_key=k", null, acme);
        assertThat(key.status()).as(key.raw()).isEqualTo(200);
        assertThat(api.miners.actionTimelines).containsExactly(20, 20, 20, 20);

        // in its last hour an allocation still sends 1: 0 would tell an original miner it was deallocated
        // (docs/compatibility.md row 15)
        db.clock.advance(Duration.ofDays(19).plusHours(22));
        var last = api.post("/service/restart_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        assertThat(last.status()).as(last.raw()).isEqualTo(200);
        assertThat(api.miners.actionTimelines).last().isEqualTo(1);
    }

    @Test
    void exchange_key_updates_the_stored_key_shown_by_allocations_sql_and_a_terminal_key_has_its_own_slot() {
        String own = api.post("/list/allocations_sql", null, acme).body().path("data").get(0).path("ssh_key").asText();
        String terminalKey = URLEncoder.encode("ssh-ed25519 AAAAterm+/= console", StandardCharsets.UTF_8);
        var t = api.post("/service/exchange_docker_key?hotkey=hk-a&uuid_key=" + uuid + "&ssh_key=" + terminalKey
                + "&key_type=terminal", null, acme);
        assertThat(t.status()).as(t.raw()).isEqualTo(200);
        assertThat(api.miners.actions.get(0).keyType()).isEqualTo("terminal");
        // The terminal's key no longer overwrites the renter's own (it did: docs/compatibility.md).
        assertThat(api.post("/list/allocations_sql", null, acme).body().path("data").get(0).path("ssh_key").asText())
                .isEqualTo(own);

        String key = URLEncoder.encode("ssh-ed25519 AAAAnew+/= renter", StandardCharsets.UTF_8);
        var r = api.post("/service/exchange_docker_key?hotkey=hk-a&uuid_key=" + uuid + "&ssh_key=" + key, null, acme);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().path("message").asText()).isEqualTo("Resource ssh_key is exchanged successfully.");
        var action = api.miners.actions.get(1);
        assertThat(action.sshKey()).isEqualTo("ssh-ed25519 AAAAnew+/= renter");
        assertThat(action.keyType()).isEqualTo("user");
        var list = api.post("/list/allocations_sql", null, acme);
        assertThat(list.body().path("data").get(0).path("ssh_key").asText()).isEqualTo("ssh-ed25519 AAAAnew+/= renter");
        assertThat(eventTypes()).endsWith("allocation.ssh_key_exchanged", "allocation.ssh_key_exchanged");
    }

    @Test
    void a_malformed_or_wrong_uuid_is_refused_before_anything_reaches_the_miner() {
        var malformed = api.post("/service/restart_docker?hotkey=hk-a&uuid_key=not-a-uuid", null, acme);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().toString()).isEqualTo("{\"success\":false,\"message\":\"Restart not successfully, "
                + "please try again.\",\"err_detail\":\"Invalid UUID key: uuid_key is not a well-formed UUID\"}");
        var wrong = api.post("/service/pause_docker?hotkey=hk-a&uuid_key=" + UUID.randomUUID(), null, acme);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("message").asText()).isEqualTo("Pause not successfully, please try again.");
        assertThat(wrong.body().path("err_detail").asText()).isEqualTo("Invalid UUID key");
        var exchange = api.post("/service/exchange_docker_key?hotkey=hk-a&uuid_key=" + UUID.randomUUID()
                + "&ssh_key=k", null, acme);
        assertThat(exchange.body().path("message").asText())
                .isEqualTo("Exchange ssh_key not successfully, please try again.");
        var noAllocation = api.post("/service/unpause_docker?hotkey=hk-b&uuid_key=" + uuid, null, acme);
        assertThat(noAllocation.status()).isEqualTo(404);
        assertThat(noAllocation.body().path("message").asText())
                .isEqualTo("No allocation details found for the provided hotkey.");
        assertThat(api.miners.actionCalls.get()).isZero();
        assertThat(eventTypes()).containsExactly("allocation.created");
    }

    @Test
    void another_tenants_allocation_looks_missing_and_is_not_touched() {
        var r = api.post("/service/pause_docker?hotkey=hk-a&uuid_key=" + uuid, null, globex);
        assertThat(r.status()).isEqualTo(404);
        assertThat(api.miners.actionCalls.get()).isZero();
        assertThat(paused()).isFalse();
    }

    @Test
    void the_miners_refusal_is_a_400_and_changes_nothing() {
        api.miners.refusingActions.add("hk-a");
        var r = api.post("/service/pause_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("message").asText()).isEqualTo("Pause not successfully, please try again.");
        assertThat(r.body().path("err_detail").asText()).contains("status false");
        assertThat(paused()).isFalse();
        assertThat(eventTypes()).containsExactly("allocation.created");
    }

    @Test
    void action_parameters_are_validated_into_one_422() {
        var r = api.post("/service/exchange_docker_key?key_type=root", null, acme);
        assertThat(r.status()).isEqualTo(422);
        List<String> fields = new ArrayList<>();
        r.body().path("err_detail").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).containsExactly("hotkey", "uuid_key", "ssh_key", "key_type");
        var restart = api.post("/service/restart_docker?hotkey=hk-a", null, acme);
        assertThat(restart.body().path("err_detail").get(0).path("field").asText()).isEqualTo("uuid_key");
    }

    @Test
    void check_miner_status_reports_each_hotkey_in_order() {
        api.miners.probeThrowing.add("hk-b");
        var r = api.post("/service/check_miner_status", "[\"hk-a\", \"hk-b\", \"nobody\"]", acme);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().toString()).isEqualTo("{\"success\":true,\"message\":\"List hotkey status successfully.\","
                + "\"data\":[{\"hotkey\":\"hk-a\",\"status\":\"Docker ONLINE\"},"
                + "{\"hotkey\":\"hk-b\",\"status\":\"Unknown\"},{\"hotkey\":\"nobody\",\"status\":\"Not Found\"}]}");
        var versions = api.post("/service/check_miner_status?query_version=true", "[\"hk-a\",\"hk-b\"]", acme);
        assertThat(versions.body().path("data").toString())
                .isEqualTo("[{\"hotkey\":\"hk-a\",\"version\":183},{\"hotkey\":\"hk-b\",\"version\":0}]");
    }

    @Test
    void check_miner_status_probes_a_thousand_miners_at_once_within_the_probe_timeout() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            db.store.upsertMiner(Fixtures.miner("hk-" + i).uid(100 + i).build());
            body.append(i == 0 ? "" : ",").append("\"hk-").append(i).append('"');
        }
        api.server.minerIndex().refresh();
        api.miners.probeDelay = Duration.ofMillis(500); // 1000 sequential probes would take 500 s
        api.miners.hanging.add("hk-7");                 // never answers: reported after the 2 s probe timeout
        long start = System.nanoTime();
        var r = api.post("/service/check_miner_status", body.append(']').toString(), acme);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).isEqualTo(200);
        assertThat(millis).isLessThan(2000 + 1000);
        assertThat(r.body().path("data")).hasSize(1000);
        assertThat(r.body().path("data").get(7).path("status").asText()).isEqualTo("Miner NO_RESPONSE");
        assertThat(r.body().path("data").get(8).path("status").asText()).isEqualTo("Docker OFFLINE");
    }

    @Test
    void check_miner_status_body_errors_follow_pydantic() {
        var missing = api.post("/service/check_miner_status", null, acme);
        assertThat(missing.body().path("err_detail").toString())
                .isEqualTo("[{\"field\":\"body\",\"message\":\"Field required\"}]");
        var notList = api.post("/service/check_miner_status", "{\"hotkey\": 1}", acme);
        assertThat(notList.body().path("err_detail").toString())
                .isEqualTo("[{\"field\":\"body\",\"message\":\"Input should be a valid list\"}]");
        var notString = api.post("/service/check_miner_status", "[\"hk-a\", 5]", acme);
        assertThat(notString.body().path("err_detail").toString())
                .isEqualTo("[{\"field\":1,\"message\":\"Input should be a valid string\"}]");
        var malformed = api.post("/service/check_miner_status", "[\"hk-a\"", acme);
        assertThat(malformed.body().path("err_detail").get(0).path("message").asText()).isEqualTo("JSON decode error");
    }
}
