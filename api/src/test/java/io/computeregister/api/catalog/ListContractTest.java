package io.computeregister.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.store.Health;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /list/* wire contract (docs/protocol.md §2.9-§2.19), served from the store. */
class ListContractTest {

    private TestDb db;
    private ApiHarness api;
    private String acme;
    private String globex;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db);
        acme = api.renterKey("acme");
        globex = api.renterKey("globex");
        api.addMiners(
                Fixtures.miner("hk-4090").uid(1).cpu(16).ramGib(64).diskGib(500).build(),
                Fixtures.miner("hk-a100").uid(2).gpus("NVIDIA A100-SXM4-80GB", 2, 81920).cpu(64).ramGib(256).build(),
                Fixtures.miner("hk-h100").uid(3).gpus("NVIDIA H100 80GB HBM3", 8, 81920).cpu(128).build(),
                Fixtures.miner("hk-down").uid(4).health(Health.DOWN).build(),
                Fixtures.miner("hk-nospecs").uid(5).noSpecs().build());
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    private static List<String> errors(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("err_detail").forEach(e -> out.add(e.path("field").asText() + ": " + e.path("message").asText()));
        return out;
    }

    private static List<String> hotkeys(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path("hotkey").asText()));
        return out;
    }

    private String allocateOn(String hotkey, String key) {
        var r = api.post("/service/allocate_hotkey?hotkey=" + hotkey, null, key);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().path("data").path("uuid_key").asText();
    }

    @Test
    void resources_sql_lists_running_miners_with_the_original_item_shape_and_no_paging_by_default() {
        var r = api.post("/list/resources_sql", null, acme);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("message").asText()).isEqualTo("List resources successfully");
        JsonNode data = r.body().path("data");
        assertThat(data.path("page_number").asInt()).isEqualTo(1);
        assertThat(data.path("page_size").asInt()).isEqualTo(3);
        assertThat(data.path("next_page_number").isNull()).isTrue();
        assertThat(hotkeys(data.path("page_items"))).containsExactly("hk-4090", "hk-a100", "hk-h100");
        JsonNode a100 = data.path("page_items").get(1);
        assertThat(a100.path("gpu_name").asText()).isEqualTo("nvidia a100-sxm4-80gb");
        assertThat(a100.path("gpu_capacity").asDouble()).isEqualTo(160.0); // GiB over both cards
        assertThat(a100.path("gpu_count").asInt()).isEqualTo(2);
        assertThat(a100.path("cpu_count").asInt()).isEqualTo(64);
        assertThat(a100.path("ram").asDouble()).isEqualTo(256.0); // available RAM
        assertThat(a100.path("hard_disk").asDouble()).isEqualTo(500.0);
        assertThat(a100.path("allocate_status").asText()).isEqualTo("available");
    }

    @Test
    void resources_sql_filters_with_the_resource_query_body_and_pages() {
        var r = api.post("/list/resources_sql?page_number=1&page_size=1",
                "{\"gpu_name\": \"NVIDIA\", \"gpu_capacity_min\": 100, \"cpu_count_max\": 128}", acme);
        JsonNode data = r.body().path("data");
        assertThat(hotkeys(data.path("page_items"))).containsExactly("hk-a100");
        assertThat(data.path("next_page_number").asInt()).isEqualTo(2);
        var last = api.post("/list/resources_sql?page_number=2&page_size=1", "{\"gpu_capacity_min\": 100}", acme);
        assertThat(hotkeys(last.body().path("data").path("page_items"))).containsExactly("hk-h100");
        assertThat(last.body().path("data").path("next_page_number").isNull()).isTrue();
        var beyond = api.post("/list/resources_sql?page_number=9", null, acme);
        assertThat(beyond.body().path("data").path("page_items")).isEmpty();
        assertThat(beyond.body().path("data").path("page_size").asInt()).isEqualTo(50);
    }

    @Test
    void resources_stats_count_reserved_and_resources_wandb_hides_reserved_items() {
        allocateOn("hk-4090", acme);
        var stats = api.post("/list/resources_sql?stats=true", null, acme);
        assertThat(stats.body().path("data").path("stats").toString())
                .isEqualTo("{\"available\":2,\"reserved\":1,\"total\":3}");
        var sql = api.post("/list/resources_sql", null, acme);
        assertThat(sql.body().path("data").path("page_items").get(0).path("allocate_status").asText())
                .isEqualTo("reserved");
        var wandb = api.post("/list/resources_wandb", null, acme);
        assertThat(hotkeys(wandb.body().path("data").path("page_items"))).containsExactly("hk-a100", "hk-h100");
        assertThat(wandb.body().path("data").path("page_items").get(0).path("ram").asDouble())
                .isEqualTo(512.0); // total RAM
        var wandbStats = api.post("/list/resources_wandb?stats=true", null, acme);
        assertThat(wandbStats.body().path("data").path("stats").path("reserved").asInt()).isEqualTo(1);
    }

    @Test
    void pagination_below_one_and_wrong_types_are_one_422_naming_each_field() {
        var r = api.post("/list/resources_sql?page_number=0&page_size=-1&stats=maybe",
                "{\"cpu_count_min\": \"many\", \"gpu_capacity_max\": [1], \"gpu_name\": 5}", acme);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().path("message").asText()).isEqualTo("Validation Error, Please check the request body.");
        assertThat(errors(r.body())).containsExactlyInAnyOrder(
                "stats: Input should be a valid boolean, unable to interpret input",
                "page_size: Input should be greater than or equal to 1",
                "page_number: Input should be greater than or equal to 1",
                "gpu_name: Input should be a valid string",
                "cpu_count_min: Input should be a valid integer, unable to parse string as an integer",
                "gpu_capacity_max: Input should be a valid number");
        var notInt = api.post("/list/specs?page_size=ten", null, acme);
        assertThat(errors(notInt.body()))
                .containsExactly("page_size: Input should be a valid integer, unable to parse string as an integer");
    }

    @Test
    void malformed_json_and_a_non_object_body_are_422s() {
        var bad = api.post("/list/resources_sql", "{\"gpu_name\": ", acme);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().path("err_detail").get(0).path("field").isInt()).isTrue();
        assertThat(bad.body().path("err_detail").get(0).path("message").asText()).isEqualTo("JSON decode error");
        var array = api.post("/list/resources_wandb", "[1,2]", acme);
        assertThat(errors(array.body()))
                .containsExactly("body: Input should be a valid dictionary or object to extract fields from");
    }

    @Test
    void resources_without_any_miner_rows_is_the_original_404() {
        api.close();
        db.close();
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db);
        var r = api.post("/list/resources_sql", null, ApiHarness.ADMIN_KEY);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().toString()).isEqualTo(
                "{\"success\":false,\"message\":\"There is no resource available\",\"err_detail\":\"No resources found.\"}");
    }

    @Test
    void allocations_sql_shows_only_the_callers_allocations_and_never_a_password() {
        String mine = allocateOn("hk-4090", acme);
        String theirs = allocateOn("hk-a100", globex);
        var r = api.post("/list/allocations_sql", null, acme);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("message").asText()).isEqualTo("List allocations successfully.");
        JsonNode items = r.body().path("data");
        assertThat(items).hasSize(1);
        JsonNode item = items.get(0);
        assertThat(item.path("uuid_key").asText()).isEqualTo(mine);
        assertThat(item.path("ssh_password").asText()).isEmpty();
        assertThat(item.path("regkey").asText()).isEmpty();
        assertThat(item.path("ssh_command").asText()).isEqualTo("ssh root@127.0.0.1 -p 4444");
        assertThat(r.raw()).doesNotContain("Pw").doesNotContain(theirs).doesNotContain("PRIVATE");
        var admin = api.post("/list/allocations_sql", null, ApiHarness.ADMIN_KEY);
        assertThat(admin.body().path("data")).hasSize(2);
        assertThat(admin.raw()).doesNotContain("\"ssh_password\":\"Pw");
    }

    @Test
    void allocations_sql_shows_every_change_at_once_although_bodies_are_cached() {
        assertThat(api.post("/list/allocations_sql", null, acme).status()).isEqualTo(404);
        String first = allocateOn("hk-4090", acme);
        assertThat(hotkeys(api.post("/list/allocations_sql", null, acme).body().path("data")))
                .containsExactly("hk-4090");
        String second = allocateOn("hk-a100", acme);
        assertThat(hotkeys(api.post("/list/allocations_sql", null, acme).body().path("data")))
                .containsExactly("hk-4090", "hk-a100");
        var exchanged = api.post("/service/exchange_docker_key?hotkey=hk-a100&uuid_key=" + second
                + "&ssh_key=ssh-ed25519%20AAAAnewer", null, acme);
        assertThat(exchanged.status()).as(exchanged.raw()).isEqualTo(200);
        assertThat(api.post("/list/allocations_sql", null, acme).body().path("data").get(1).path("ssh_key").asText())
                .isEqualTo("ssh-ed25519 AAAAnewer");
        // another tenant's change is seen by the admin's list, never by this renter's
        allocateOn("hk-h100", globex);
        assertThat(api.post("/list/allocations_sql", null, ApiHarness.ADMIN_KEY).body().path("data")).hasSize(3);
        assertThat(api.post("/list/allocations_sql", null, acme).body().path("data")).hasSize(2);
        var freed = api.post("/service/deallocate?hotkey=hk-4090&uuid_key=" + first, null, acme);
        assertThat(freed.status()).as(freed.raw()).isEqualTo(200);
        assertThat(hotkeys(api.post("/list/allocations_sql", null, acme).body().path("data")))
                .containsExactly("hk-a100");
        assertThat(api.post("/list/allocations_sql", null, ApiHarness.ADMIN_KEY).body().path("data")).hasSize(2);
    }

    @Test
    void allocations_sql_without_allocations_is_the_original_404_with_text_in_data() {
        var r = api.post("/list/allocations_sql", null, acme);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().toString()).isEqualTo("{\"success\":false,\"message\":\"No resources found.\","
                + "\"data\":\"No allocated resources found. Allocate a resource with validator.\"}");
    }

    @Test
    void count_endpoints_answer_a_bare_count() {
        var gpus = api.post("/list/count_all_gpus", null, acme);
        assertThat(gpus.body().toString()).isEqualTo("{\"count\":11}"); // 1 + 2 + 8; the down miner is not counted
        var model = api.post("/list/count_all_by_model?model=NVIDIA%20A100-SXM4-80GB", null, acme);
        assertThat(model.body().toString()).isEqualTo("{\"count\":1}");
        var cpu = api.post("/list/count_all_by_model?model=nvidia%20a100-sxm4-80gb&cpu_count=63", null, acme);
        assertThat(cpu.body().path("count").asInt()).isZero();
        var ram = api.post("/list/count_all_by_model?model=nvidia%20geforce%20rtx%204090&ram_size=128", null, acme);
        assertThat(ram.body().path("count").asInt()).isEqualTo(1); // total RAM 128 GiB
        var missing = api.post("/list/count_all_by_model?cpu_count=x", null, acme);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(errors(missing.body())).containsExactly("model: Field required",
                "cpu_count: Input should be a valid integer, unable to parse string as an integer");
    }

    @Test
    void all_runs_and_specs_are_position_keyed_pages() {
        var runs = api.post("/list/all_runs?page_number=1&page_size=2", null, acme);
        assertThat(runs.body().path("message").asText()).isEqualTo("List run resources successfully.");
        JsonNode first = runs.body().path("data").path("page_items").get(0).path("1");
        assertThat(first.path("name").asText()).isEqualTo("miner-hk-4090");
        assertThat(first.path("state").asText()).isEqualTo("running");
        assertThat(first.path("configs").path("hotkey").asText()).isEqualTo("hk-4090");
        assertThat(runs.body().path("data").path("next_page_number").asInt()).isEqualTo(2);
        var one = api.post("/list/all_runs?hotkey=hk-h100", null, acme);
        assertThat(one.body().path("data").path("page_items")).hasSize(1);
        var none = api.post("/list/all_runs?hotkey=nobody", null, acme);
        assertThat(none.body().toString())
                .isEqualTo("{\"success\":true,\"message\":\"No runs available\",\"data\":{}}");
        var specs = api.post("/list/specs?hotkey=hk-a100", null, acme);
        assertThat(specs.body().path("message").asText()).isEqualTo("List specs successfully");
        JsonNode item = specs.body().path("data").path("page_items").get(0).path("1");
        assertThat(item.path("specs").path("gpu").path("count").asInt()).isEqualTo(2);
        var noSpecs = api.post("/list/specs?hotkey=hk-nospecs", null, acme);
        assertThat(noSpecs.body().path("message").asText()).isEqualTo("No specs available");
    }

    @Test
    void run_by_name_finds_the_miner_run_and_requires_the_name() {
        var r = api.post("/list/run_by_name?run_name=miner-hk-a100", null, acme);
        assertThat(r.body().path("message").asText()).isEqualTo("List run by name");
        JsonNode run = r.body().path("data").path("2");
        assertThat(run.path("config").path("hotkey").asText()).isEqualTo("hk-a100");
        var none = api.post("/list/run_by_name?run_name=validator-x", null, acme);
        assertThat(none.body().toString()).isEqualTo("{\"success\":true,\"message\":\"No run available\",\"data\":{}}");
        var missing = api.post("/list/run_by_name", null, acme);
        assertThat(errors(missing.body())).containsExactly("run_name: Field required");
    }

    @Test
    void available_and_allocated_hotkeys_follow_what_we_hold() {
        var empty = api.post("/list/allocated_hotkeys", null, acme);
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.body().path("data").isObject()).isTrue();
        allocateOn("hk-h100", globex);
        var held = api.post("/list/allocated_hotkeys", null, acme);
        assertThat(held.body().toString())
                .isEqualTo("{\"success\":true,\"message\":\"List allocated hotkeys\",\"data\":[\"hk-h100\"]}");
        var free = api.post("/list/available", null, acme);
        assertThat(free.body().path("message").asText()).isEqualTo("List available miners");
        assertThat(free.body().path("data").path("page_items")).hasSize(2);
        var rented = api.post("/list/available?rent_status=true", null, acme);
        assertThat(rented.body().path("message").asText()).isEqualTo("List rented miners");
        JsonNode item = rented.body().path("data").path("page_items").get(0).path("3");
        assertThat(item.path("hotkey").asText()).isEqualTo("hk-h100");
        assertThat(item.path("details").path("cpu").path("count").asInt()).isEqualTo(128);
    }

    @Test
    void a_miner_blocked_by_the_operator_leaves_the_resource_lists_at_once_and_comes_back_when_unblocked() {
        assertThat(hotkeys(api.post("/list/resources_sql", null, acme).body().path("data").path("page_items")))
                .contains("hk-a100");
        var blocked = api.post("/admin/miners/block", "{\"hotkey\": \"hk-a100\", \"reason\": \"abuse\"}",
                ApiHarness.ADMIN_KEY);
        assertThat(blocked.status()).as(blocked.raw()).isEqualTo(200);
        assertThat(hotkeys(api.post("/list/resources_sql", null, acme).body().path("data").path("page_items")))
                .containsExactly("hk-4090", "hk-h100");
        assertThat(api.post("/list/count_all_gpus", null, acme).body().path("count").asInt()).isEqualTo(9);
        api.post("/admin/miners/unblock", "{\"hotkey\": \"hk-a100\"}", ApiHarness.ADMIN_KEY);
        assertThat(hotkeys(api.post("/list/resources_sql", null, acme).body().path("data").path("page_items")))
                .containsExactly("hk-4090", "hk-a100", "hk-h100");
    }

    @Test
    void allocations_sql_is_gzipped_for_clients_that_accept_gzip_and_the_same_answer_for_the_others()
            throws Exception {
        for (int i = 0; i < 8; i++) {
            api.addMiners(Fixtures.miner("hk-more-" + i).uid(10 + i).build());
            allocateOn("hk-more-" + i, acme);
        }
        String plain = allocationsAnswer(acme, null).body();
        assertThat(plain.length()).as("big enough to be worth compressing").isGreaterThan(1500);
        for (String accepted : List.of("gzip", "gzip, deflate, br", "br;q=1.0, GZIP;q=0.5", "*")) {
            Answer gz = allocationsAnswer(acme, accepted);
            assertThat(gz.encoding()).as(accepted).isEqualTo("gzip");
            assertThat(gz.body()).as(accepted).isEqualTo(plain);
        }
        for (String refused : List.of("identity", "deflate", "gzip;q=0", "br")) {
            Answer answer = allocationsAnswer(acme, refused);
            assertThat(answer.encoding()).as(refused).isEmpty();
            assertThat(answer.body()).as(refused).isEqualTo(plain);
        }
    }

    private record Answer(String encoding, String body) {}

    private Answer allocationsAnswer(String key, String acceptEncoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port
                        + "/list/allocations_sql"))
                .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + key);
        if (acceptEncoding != null) b.header("Accept-Encoding", acceptEncoding);
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        String encoding = r.headers().firstValue("Content-Encoding").orElse("");
        byte[] body = r.body();
        if (encoding.equals("gzip")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        return new Answer(encoding, new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void lists_answer_while_a_write_transaction_holds_the_store() throws Exception {
        allocateOn("hk-4090", acme);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                db.database.jdbi().useTransaction(h -> {
                    h.createUpdate("UPDATE tenants SET name = name WHERE name = 'acme'").execute();
                    writing.countDown();
                    answered.await(); // the write lock is held until the lists have answered
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writing.await();
        try {
            assertThat(api.post("/list/allocations_sql", null, acme).status()).isEqualTo(200);
            assertThat(api.post("/list/resources_sql", null, globex).status()).isEqualTo(200);
        } finally {
            answered.countDown();
            writer.join();
        }
    }

    @Test
    void lists_need_a_key() {
        assertThat(api.post("/list/resources_sql", null, null).status()).isEqualTo(401);
        assertThat(api.post("/list/allocations_sql", null, "cr_wrong").status()).isEqualTo(401);
    }
}
