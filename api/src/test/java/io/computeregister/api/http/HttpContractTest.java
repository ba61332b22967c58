package io.computeregister.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire contract of the original RegisterAPI: envelopes, 422 shapes, status codes, plus our auth. */
class HttpContractTest {

    private static final String SPEC_BODY = """
            {"requirements": {"cpu_count": 2, "gpu_type": "4090", "gpu_size": 20, "ram": 8, "hard_disk": 50,
             "timeline": 7, "surprise": "ignored"},
             "docker_requirement": {"base_image": "ubuntu", "ssh_key": "ssh-ed25519 AAAAkey renter", "extra": 1}}""";

    private TestDb db;
    private ApiHarness api;
    private String renter;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db);
        renter = api.renterKey("acme");
        api.addMiners(Fixtures.miner("hk-a").uid(1).build(),
                Fixtures.miner("hk-b").uid(2).gpus("NVIDIA A100-SXM4-80GB", 1, 81920).build());
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    private static List<String> fields(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("err_detail").forEach(e -> out.add(e.path("field").asText() + ": " + e.path("message").asText()));
        return out;
    }

    @Test
    void the_root_answers_the_welcome_message_without_a_key() {
        var r = api.get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("message").asText()).startsWith("Welcome to Compute Subnet Allocation API");
    }

    @Test
    void a_missing_query_parameter_is_a_422_naming_it() {
        var r = api.post("/service/deallocate?uuid_key=x", null, renter);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("success").asBoolean()).isFalse();
        assertThat(r.body().path("message").asText()).isEqualTo("Validation Error, Please check the request body.");
        assertThat(fields(r.body())).containsExactly("hotkey: Field required");
    }

    @Test
    void a_missing_body_names_both_embedded_body_fields() {
        var r = api.post("/service/allocate_spec", null, renter);
        assertThat(r.status()).isEqualTo(422);
        assertThat(fields(r.body())).containsExactly("requirements: Field required",
                "docker_requirement: Field required");
    }

    @Test
    void malformed_json_is_a_422_whose_field_is_the_character_offset() {
        var r = api.post("/service/allocate_spec", "{\"requirements\": {", renter);
        assertThat(r.status()).isEqualTo(422);
        JsonNode error = r.body().path("err_detail").get(0);
        assertThat(error.path("field").isInt()).isTrue();
        assertThat(error.path("message").asText()).isEqualTo("JSON decode error");
    }

    @Test
    void wrong_types_get_pydantic_messages_all_at_once() {
        var r = api.post("/service/allocate_spec", """
                {"requirements": {"cpu_count": "many", "gpu_size": 3.5, "gpu_type": 7, "ram": "16"},
                 "docker_requirement": {"ssh_key": 1}}""", renter);
        assertThat(r.status()).isEqualTo(422);
        assertThat(fields(r.body())).containsExactly(
                "cpu_count: Input should be a valid integer, unable to parse string as an integer",
                "gpu_type: Input should be a valid string",
                "gpu_size: Input should be a valid integer, got a number with a fractional part",
                "ssh_key: Input should be a valid string");
    }

    @Test
    void a_bad_boolean_query_and_a_zero_timeline_are_rejected_with_their_fields() {
        var r = api.post("/service/allocate_spec?dry_run=maybe",
                "{\"requirements\": {\"timeline\": 0}, \"docker_requirement\": {}}", renter);
        assertThat(r.status()).isEqualTo(422);
        assertThat(fields(r.body())).containsExactly(
                "dry_run: Input should be a valid boolean, unable to interpret input",
                "timeline: Input should be greater than or equal to 1");
    }

    @Test
    void renting_by_the_gpu_fields_are_checked_each_naming_its_field_and_nothing_is_reserved() {
        for (String ports : List.of("[0]", "[65536]", "[8888, 8888]", "\"8888\"", "[1, 2, 3, 4, 5, 6, 7, 8, 9]")) {
            var r = api.post("/service/allocate_spec", """
                    {"requirements": {"cpu_count": 1, "gpu_count": 0, "timeline": 1},
                     "docker_requirement": {"ports": %s, "volume_path": "data"}}""".formatted(ports), renter);
            assertThat(r.status()).as(ports).isEqualTo(422);
            assertThat(fields(r.body())).as(ports).hasSize(3).anySatisfy(f -> assertThat(f).startsWith(
                    "ports: docker_requirement.ports")).contains(
                    "gpu_count: Input should be greater than or equal to 1",
                    "volume_path: must be an absolute path inside the container, or \"\" for no volume");
        }
        assertThat(fields(api.post("/service/allocate_spec", """
                {"requirements": {"cpu_count": 1, "timeline": 1}, "docker_requirement": {"ports": [8888, 8888]}}""",
                renter).body())).containsExactly("ports: docker_requirement.ports: 8888 is asked twice");
        // More GPUs than any miner has: 422 before any reservation (the fleet's largest has one card).
        var tooMany = api.post("/service/allocate_spec", """
                {"requirements": {"cpu_count": 1, "gpu_type": "a100", "gpu_size": 10, "gpu_count": 2, "timeline": 1},
                 "docker_requirement": {}}""", renter);
        assertThat(tooMany.status()).isEqualTo(422);
        assertThat(fields(tooMany.body())).containsExactly(
                "gpu_count: no miner has 2 GPUs; the most any miner has is 1");
        assertThat(db.store.minerUsage()).isEmpty();
        assertThat(db.store.heldMiners()).isEmpty();
    }

    @Test
    void unknown_paths_and_wrong_methods_keep_fastapis_bodies() {
        var notFound = api.post("/service/nope", "{}", renter);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body().path("detail").asText()).isEqualTo("Not Found");
        var wrongMethod = api.get("/service/allocate_spec");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.body().path("detail").asText()).isEqualTo("Method Not Allowed");
    }

    @Test
    void a_request_without_a_valid_key_is_401_in_the_error_envelope() {
        var none = api.post("/service/allocate_spec", SPEC_BODY, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().path("success").asBoolean()).isFalse();
        assertThat(none.body().path("err_detail").asText()).contains("Authorization: Bearer");
        var wrong = api.post("/service/allocate_spec", SPEC_BODY, "cr_not-a-real-key");
        assertThat(wrong.status()).isEqualTo(401);
    }

    @Test
    void a_renter_key_cannot_use_admin_routes() {
        var r = api.post("/admin/miners/block", "{\"hotkey\":\"hk-a\",\"reason\":\"x\"}", renter);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.body().path("err_detail").asText()).contains("admin");
    }

    @Test
    void a_created_key_is_shown_once_and_only_its_hash_is_stored() {
        var r = api.post("/admin/keys", "{\"tenant\":\"globex\"}", ApiHarness.ADMIN_KEY);
        assertThat(r.status()).isEqualTo(201);
        String key = r.body().path("data").path("key").asText();
        assertThat(key).startsWith("cr_").hasSizeGreaterThan(40);
        assertThat(r.body().path("data").path("prefix").asText()).isEqualTo(key.substring(0, 11));
        List<String> stored = db.database.jdbi().withHandle(h ->
                h.createQuery("SELECT key_hash || prefix FROM api_keys").mapTo(String.class).list());
        assertThat(stored).noneMatch(s -> s.contains(key));
        assertThat(api.post("/service/allocate_spec?dry_run=true", SPEC_BODY, key).status()).isEqualTo(200);
    }

    @Test
    void allocate_hotkey_returns_the_original_allocation_shape_and_deallocate_ends_it() {
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a&ssh_key=ssh-ed25519%20AAAAq%2Bkey", "{}", renter);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("success").asBoolean()).isTrue();
        assertThat(r.body().path("message").asText()).isEqualTo("Resource was successfully allocated");
        JsonNode data = r.body().path("data");
        List<String> names = new ArrayList<>();
        data.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("resource", "hotkey", "regkey", "ssh_ip", "ssh_port", "ssh_username",
                "ssh_password", "ssh_command", "ssh_key", "uuid_key", "miner_version");
        assertThat(data.path("resource").asText()).isEqualTo("nvidia geforce rtx 4090");
        assertThat(data.path("hotkey").asText()).isEqualTo("hk-a");
        assertThat(data.path("regkey").asText()).isEmpty();
        assertThat(data.path("ssh_command").asText()).isEqualTo("ssh root@127.0.0.1 -p 4444");
        assertThat(data.path("ssh_key").asText()).isEqualTo("ssh-ed25519 AAAAq+key");
        assertThat(data.path("ssh_password").asText()).isNotEmpty();
        assertThat(data.path("miner_version").asInt()).isEqualTo(183);
        String uuid = data.path("uuid_key").asText();

        var wrongUuid = api.post("/service/deallocate?hotkey=hk-a&uuid_key=nope", null, renter);
        assertThat(wrongUuid.status()).isEqualTo(400);
        assertThat(wrongUuid.body().path("err_detail").asText()).isEqualTo("Invalid UUID key");

        var ok = api.post("/service/deallocate?hotkey=hk-a&uuid_key=" + uuid + "&notify_flag=true", null, renter);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw()).isEqualTo("{\"success\":true,\"message\":\"Resource deallocated successfully.\"}");
        assertThat(api.miners.containers).isEmpty();

        var again = api.post("/service/deallocate?hotkey=hk-a&uuid_key=" + uuid, null, renter);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().path("message").asText())
                .isEqualTo("No allocation details found for the provided hotkey.");
    }

    @Test
    void another_tenants_allocation_looks_like_no_allocation_at_all() {
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter);
        String uuid = r.body().path("data").path("uuid_key").asText();
        String intruder = api.renterKey("intruder");

        var other = api.post("/service/deallocate?hotkey=hk-a&uuid_key=" + uuid, null, intruder);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body().path("err_detail").asText())
                .isEqualTo("No allocation details found for the provided hotkey.");
        assertThat(api.miners.containers).containsKey("hk-a");

        // An admin may act on any tenant's allocation.
        var admin = api.post("/service/deallocate?hotkey=hk-a&uuid_key=" + uuid, null, ApiHarness.ADMIN_KEY);
        assertThat(admin.status()).isEqualTo(200);
    }

    @Test
    void allocate_hotkey_on_a_blocked_miner_answers_blacklisted_and_unblocking_restores_it() {
        var block = api.post("/admin/miners/block", "{\"hotkey\":\"hk-a\",\"reason\":\"abuse\"}", ApiHarness.ADMIN_KEY);
        assertThat(block.status()).isEqualTo(200);
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("message").asText()).isEqualTo("Fail to allocate resource, blacklisted");
        assertThat(r.body().path("err_detail").asText()).isEqualTo("blacklisted");
        assertThat(api.miners.allocateCalls).hasValue(0);

        api.post("/admin/miners/unblock", "{\"hotkey\":\"hk-a\"}", ApiHarness.ADMIN_KEY);
        assertThat(api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter).status()).isEqualTo(200);
    }

    @Test
    void allocate_hotkey_for_an_unknown_or_empty_hotkey_is_a_clear_refusal_not_a_500() {
        var unknown = api.post("/service/allocate_hotkey?hotkey=nobody", null, renter);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().path("err_detail").asText()).contains("miner not in metagraph");
        var empty = api.post("/service/allocate_hotkey?hotkey=", null, renter);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().path("err_detail").asText()).isEqualTo("Invalid hotkey, please check the hotkey");
    }

    @Test
    void dry_run_explains_the_placement_and_reserves_nothing() {
        var r = api.post("/service/allocate_spec?dry_run=true", SPEC_BODY, renter);
        assertThat(r.status()).isEqualTo(200);
        JsonNode report = r.body().path("data");
        assertThat(report.path("evaluated").asInt()).isEqualTo(2);
        assertThat(report.path("feasible").asInt()).isEqualTo(1);
        assertThat(report.path("filtered_by_reason").path("gpu model mismatch").asInt()).isEqualTo(1);
        assertThat(report.path("top").get(0).path("hotkey").asText()).isEqualTo("hk-a");
        assertThat(report.path("top").get(0).path("scores").has("tightest-fit")).isTrue();
        assertThat(report.path("summary").asText()).isEqualTo("1/2 miners fit: 1 gpu model mismatch");
        assertThat(db.store.heldMiners()).isEmpty();
        assertThat(api.miners.allocateCalls).hasValue(0);
    }

    @Test
    void allocate_spec_takes_the_fitting_miner_and_then_reports_it_busy() {
        var first = api.post("/service/allocate_spec", SPEC_BODY, renter);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("data").path("hotkey").asText()).isEqualTo("hk-a");
        assertThat(first.body().path("data").path("ssh_key").asText()).isEqualTo("ssh-ed25519 AAAAkey renter");

        var second = api.post("/service/allocate_spec", SPEC_BODY, renter);
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.body().path("message").asText()).isEqualTo("Fail to allocate resource");
        assertThat(second.body().path("err_detail").asText()).startsWith("Requested resource is not available.")
                .contains("0/2 miners fit").contains("1 busy").contains("1 gpu model mismatch");
    }

    @Test
    void the_same_idempotency_key_returns_the_same_allocation() {
        var first = api.post("/service/allocate_spec", SPEC_BODY, renter, "order-42");
        var second = api.post("/service/allocate_spec", SPEC_BODY, renter, "order-42");
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().path("data")).isEqualTo(first.body().path("data"));
        assertThat(api.miners.allocateCalls).hasValue(1);

        var reused = api.post("/service/allocate_spec", SPEC_BODY.replace("\"ram\": 8", "\"ram\": 9"), renter, "order-42");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().path("err_detail").asText()).contains("different request");
    }

    @Test
    void a_failed_miner_call_releases_the_miner_and_tells_it_to_deallocate() {
        api.miners.failing.add("hk-a");
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("err_detail").asText()).contains("connection reset");
        assertThat(api.miners.containers).isEmpty(); // the half-made container was removed
        assertThat(db.store.heldMiners()).isEmpty();

        api.miners.failing.clear();
        assertThat(api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter).status()).isEqualTo(200);
    }

    @Test
    void a_miner_that_hangs_is_cut_off_at_the_deadline_and_released() {
        api.miners.hanging.add("hk-a");
        long start = System.nanoTime();
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("err_detail").asText()).contains("allocate timed out after 2000 ms");
        assertThat(db.store.heldMiners()).isEmpty();
    }

    @Test
    void an_internal_fault_is_a_generic_500_envelope_without_internals() {
        api.miners.returnNull = true; // a MinerClient bug: null where a result is required
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.body().path("success").asBoolean()).isFalse();
        assertThat(r.raw()).doesNotContain("Exception").doesNotContain("at io.");
        // No allocation was written; the Allocate was sent, so the miner stays held by the abandoned reservation
        // until the recovery sweep gets the miner to confirm it holds nothing for the request's key.
        assertThat(db.store.listActiveAllocationsRedacted(null)).isEmpty();
        assertThat(db.store.pendingReservations(true)).singleElement()
                .satisfies(p -> assertThat(p.allocateMayHaveBeenSent()).isTrue());
    }
}
