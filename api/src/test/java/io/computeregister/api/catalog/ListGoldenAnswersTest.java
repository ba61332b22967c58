package io.computeregister.api.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.specs.SpecsSynapse;
import io.computeregister.api.specs.ValidatorDbSpecs;
import io.computeregister.api.specs.WandbMinerSpecs;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.store.Store;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.TestDb;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The exact bytes every store-backed list answers, against golden files recorded before the lists were rewritten for
 * scale: a deterministic fleet (fixed clock and seed; miners with and without GPUs, without or with broken specs,
 * down, blocked, held by an allocation or by a pending reservation; allocations of several renters, one paused, one
 * ended) served by the real API over HTTP, on SQLite and on PostgreSQL, compared byte for byte (status line,
 * content type, body), and once more as the original's client asks (with {@code Accept-Encoding: gzip}): whatever
 * is compressed must decompress to the same bytes.
 *
 * <p>To record the golden files again (only for a deliberate wire change, which then goes in docs/compatibility.md):
 * run this test with {@code -Dgolden.update=true}; it rewrites {@code src/test/resources/golden/lists/}.
 */
class ListGoldenAnswersTest {

    private static final Path GOLDEN_SOURCE = Path.of("src/test/resources/golden/lists");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[][] MODELS = {
        {"NVIDIA GeForce RTX 4090", "24564"}, {"NVIDIA GeForce RTX 3090", "24576"}, {"NVIDIA A100-SXM4-80GB", "81920"},
        {"NVIDIA H100 80GB HBM3", "81559"}, {"NVIDIA RTX A6000", "49140"}, {"NVIDIA L40S", "46068"},
        {"Tesla T4", "15360"}};
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One request of the table: its golden file name, path and query, body (null: none) and whose key. */
    private record Case(String name, String pathAndQuery, String body, String key) {}

    @EachDatabase
    void every_list_answers_the_recorded_bytes(TestDb db) throws Exception {
        try (ApiHarness api = new ApiHarness(db)) {
            Map<String, String> keys = new LinkedHashMap<>();
            keys.put("admin", ApiHarness.ADMIN_KEY);
            for (String renter : List.of("acme", "globex", "initech")) keys.put(renter, api.renterKey(renter));

            List<String> mismatches = new ArrayList<>();
            boolean record = UPDATE && db.kind() == TestDb.Kind.SQLITE; // PostgreSQL must answer what SQLite does
            for (Case c : emptyStoreCases()) check(api, keys, c, record, mismatches);

            Fleet fleet = fill(db.store);
            api.server.minerIndex().refresh();
            allocate(db.store, fleet);
            api.server.minerIndex().refresh();
            int listed = api.post("/list/resources_sql", null, ApiHarness.ADMIN_KEY).body().path("data")
                    .path("page_size").asInt();
            for (Case c : filledStoreCases(fleet, listed)) check(api, keys, c, record, mismatches);

            assertThat(mismatches).as("answers that differ from their golden file").isEmpty();
        }
    }

    private void check(ApiHarness api, Map<String, String> keys, Case c, boolean record, List<String> mismatches)
            throws Exception {
        String answer = answer(api.port, c, keys.get(c.key()), false);
        String file = c.name() + ".txt";
        if (record) {
            Files.createDirectories(GOLDEN_SOURCE);
            Files.writeString(GOLDEN_SOURCE.resolve(file), answer, StandardCharsets.UTF_8);
            return;
        }
        String golden = golden(file);
        if (!answer.equals(golden)) {
            mismatches.add(c.name() + " (" + c.pathAndQuery() + ")\n  golden: " + abbreviate(golden)
                    + "\n  now:    " + abbreviate(answer));
        }
        String gzipped = answer(api.port, c, keys.get(c.key()), true);
        if (!gzipped.equals(golden)) {
            mismatches.add(c.name() + " with Accept-Encoding: gzip (" + c.pathAndQuery() + ")\n  golden: "
                    + abbreviate(golden) + "\n  now:    " + abbreviate(gzipped));
        }
    }

    /** The golden file from the test classpath (while recording: the source tree, which is being rewritten). */
    private static String golden(String file) {
        try (InputStream in = UPDATE ? Files.newInputStream(GOLDEN_SOURCE.resolve(file))
                : ListGoldenAnswersTest.class.getResourceAsStream("/golden/lists/" + file)) {
            if (in == null) throw new AssertionError("no golden file golden/lists/" + file + " (record with -Dgolden.update=true)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "... (" + s.length() + " chars)";
    }

    /**
     * The answer as one text: {@code HTTP <status> <content type>}, a newline, the body exactly as sent (decompressed
     * when the server gzipped it).
     */
    private String answer(int port, Case c, String key, boolean acceptGzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.pathAndQuery()))
                .timeout(Duration.ofSeconds(30))
                .POST(c.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(c.body()))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key);
        if (acceptGzip) b.header("Accept-Encoding", "gzip, deflate");
        HttpResponse<byte[]> r = ApiHarness.send(http, b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String type = r.headers().firstValue("Content-Type").orElse("-");
        byte[] body = r.body();
        if (r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                body = in.readAllBytes();
            }
        }
        return "HTTP " + r.statusCode() + " " + type + "\n" + new String(body, StandardCharsets.UTF_8);
    }

    // ---- the requests

    private static List<Case> emptyStoreCases() {
        List<Case> cases = new ArrayList<>();
        for (String list : List.of("resources_sql", "resources_wandb", "count_all_gpus", "all_runs", "specs",
                "available", "allocated_hotkeys", "allocations_sql")) {
            cases.add(new Case("empty-" + list, "/list/" + list, null, "admin"));
        }
        cases.add(new Case("empty-count_all_by_model", "/list/count_all_by_model?model=tesla%20t4", null, "admin"));
        cases.add(new Case("empty-run_by_name", "/list/run_by_name?run_name=miner-x", null, "admin"));
        cases.add(new Case("empty-resources_sql-stats", "/list/resources_sql?stats=true", null, "acme"));
        return cases;
    }

    /** @param listed how many items resources_sql lists unpaged (to aim at its last pages) */
    private static List<Case> filledStoreCases(Fleet fleet, int listed) {
        List<Case> c = new ArrayList<>();
        for (String flavour : List.of("resources_sql", "resources_wandb")) {
            String p = "/list/" + flavour;
            c.add(new Case(flavour + "-all", p, null, "acme"));
            c.add(new Case(flavour + "-stats", p + "?stats=true", null, "acme"));
            c.add(new Case(flavour + "-stats-filtered", p + "?stats=true&page_number=2",
                    "{\"gpu_name\": \"nvidia\", \"cpu_count_min\": 16}", "globex"));
            c.add(new Case(flavour + "-page1-of-10", p + "?page_number=1&page_size=10", null, "acme"));
            c.add(new Case(flavour + "-page2-of-10", p + "?page_number=2&page_size=10", null, "acme"));
            c.add(new Case(flavour + "-page-default-size", p + "?page_number=1", null, "acme"));
            c.add(new Case(flavour + "-page-beyond", p + "?page_number=40&page_size=10", null, "acme"));
            c.add(new Case(flavour + "-filtered-gpu", p + "?page_number=1&page_size=5",
                    "{\"gpu_name\": \"RTX\", \"cpu_count_min\": 16}", "acme"));
            c.add(new Case(flavour + "-filtered-all-fields", p,
                    "{\"gpu_name\": \"nvidia\", \"cpu_count_min\": 8, \"cpu_count_max\": 64, \"gpu_capacity_min\": 23.99,"
                            + " \"gpu_capacity_max\": 400, \"hard_disk_total_min\": 100, \"hard_disk_total_max\": 4000,"
                            + " \"ram_total_min\": 16, \"ram_total_max\": 600}", "acme"));
        }
        String rs = "/list/resources_sql";
        c.add(new Case("resources_sql-last-page-partial", rs + "?page_number=" + (listed + 6) / 7 + "&page_size=7",
                null, "acme"));
        int exact = 2;
        while (listed % exact != 0) exact++; // a page size that fills the last page exactly (the list itself if prime)
        c.add(new Case("resources_sql-last-page-full", rs + "?page_number=" + listed / exact + "&page_size=" + exact,
                null, "acme"));
        c.add(new Case("resources_sql-page-size-only", rs + "?page_size=3", null, "acme"));
        c.add(new Case("resources_sql-page-size-1", rs + "?page_number=1&page_size=1", null, "acme"));
        c.add(new Case("resources_sql-page-number-max", rs + "?page_number=2147483647", null, "acme"));
        c.add(new Case("resources_sql-page-size-max", rs + "?page_number=1&page_size=2147483647", null, "acme"));
        c.add(new Case("resources_sql-page-lax-ints", rs + "?page_number=2.0&page_size=%203", null, "acme"));
        c.add(new Case("resources_sql-body-null", rs, "null", "acme"));
        c.add(new Case("resources_sql-body-empty-object", rs + "?page_number=1&page_size=4", "{}", "acme"));
        c.add(new Case("resources_sql-gpu-name-upper-substring", rs, "{\"gpu_name\": \"A100\"}", "acme"));
        c.add(new Case("resources_sql-gpu-name-no-match", rs, "{\"gpu_name\": \"radeon\"}", "acme"));
        c.add(new Case("resources_sql-gpu-name-empty-string", rs + "?page_number=1&page_size=2", "{\"gpu_name\": \"\"}",
                "acme"));
        c.add(new Case("resources_sql-no-gpu-machines", rs, "{\"gpu_capacity_max\": 0}", "acme"));
        c.add(new Case("resources_sql-lax-body-numbers", rs,
                "{\"cpu_count_min\": \"32\", \"ram_total_max\": \"1e3\", \"unknown\": true}", "acme"));
        c.add(new Case("resources_sql-invalid", rs + "?page_number=0&page_size=-1&stats=maybe",
                "{\"cpu_count_min\": \"many\", \"gpu_capacity_max\": [1], \"gpu_name\": 5}", "acme"));
        c.add(new Case("resources_sql-malformed-json", rs, "{\"gpu_name\": ", "acme"));
        c.add(new Case("resources_sql-array-body", rs, "[1,2]", "acme"));
        c.add(new Case("resources_sql-as-admin", rs + "?page_number=3&page_size=6", null, "admin"));

        c.add(new Case("count_all_gpus", "/list/count_all_gpus", null, "acme"));
        String byModel = "/list/count_all_by_model?model=";
        c.add(new Case("count_all_by_model-exact", byModel + "nvidia%20a100-sxm4-80gb", null, "acme"));
        c.add(new Case("count_all_by_model-mixed-case", byModel + "NVIDIA%20GeForce%20RTX%204090", null, "acme"));
        c.add(new Case("count_all_by_model-cpu", byModel + "nvidia%20geforce%20rtx%204090&cpu_count=16", null, "acme"));
        c.add(new Case("count_all_by_model-ram", byModel + "nvidia%20geforce%20rtx%204090&ram_size=128", null, "acme"));
        c.add(new Case("count_all_by_model-ram-fraction", byModel + "nvidia%20l40s&ram_size=128.9", null, "acme"));
        c.add(new Case("count_all_by_model-cpu-beats-ram",
                byModel + "nvidia%20h100%2080gb%20hbm3&cpu_count=64&ram_size=1", null, "acme"));
        c.add(new Case("count_all_by_model-substring-is-not-enough", byModel + "rtx", null, "acme"));
        c.add(new Case("count_all_by_model-unicode", byModel + "gr%C3%A4fik%20%22q%22%20%5C%20x", null, "acme"));
        c.add(new Case("count_all_by_model-missing", "/list/count_all_by_model?cpu_count=x", null, "acme"));

        for (String list : List.of("all_runs", "specs")) {
            String p = "/list/" + list;
            c.add(new Case(list + "-all", p, null, "acme"));
            c.add(new Case(list + "-page1-of-5", p + "?page_number=1&page_size=5", null, "acme"));
            c.add(new Case(list + "-page3-of-5", p + "?page_number=3&page_size=5", null, "acme"));
            c.add(new Case(list + "-page-beyond", p + "?page_number=99", null, "acme"));
            c.add(new Case(list + "-hotkey", p + "?hotkey=" + fleet.hotkey(5), null, "acme"));
            c.add(new Case(list + "-hotkey-paged", p + "?hotkey=" + fleet.hotkey(5) + "&page_number=2&page_size=1",
                    null, "acme"));
            c.add(new Case(list + "-hotkey-without-specs", p + "?hotkey=" + fleet.edge("missing-ram"), null, "acme"));
            c.add(new Case(list + "-hotkey-down", p + "?hotkey=" + fleet.edge("down-held"), null, "acme"));
            c.add(new Case(list + "-hotkey-unknown", p + "?hotkey=nobody", null, "acme"));
            c.add(new Case(list + "-invalid", p + "?page_size=ten&page_number=-2", null, "acme"));
        }
        c.add(new Case("run_by_name-match", "/list/run_by_name?run_name=miner-" + fleet.hotkey(7), null, "acme"));
        c.add(new Case("run_by_name-match-without-specs", "/list/run_by_name?run_name=miner-" + fleet.edge("bad-json"),
                null, "acme"));
        c.add(new Case("run_by_name-blocked", "/list/run_by_name?run_name=miner-" + fleet.edge("blocked"), null,
                "acme"));
        c.add(new Case("run_by_name-no-match", "/list/run_by_name?run_name=validator-x", null, "acme"));
        c.add(new Case("run_by_name-missing", "/list/run_by_name", null, "acme"));

        c.add(new Case("available-free", "/list/available", null, "acme"));
        c.add(new Case("available-rented", "/list/available?rent_status=true", null, "acme"));
        c.add(new Case("available-free-paged", "/list/available?page_number=2&page_size=4", null, "acme"));
        c.add(new Case("available-rented-paged", "/list/available?rent_status=yes&page_number=2&page_size=3", null,
                "acme"));
        c.add(new Case("available-invalid", "/list/available?rent_status=maybe", null, "acme"));

        c.add(new Case("allocated_hotkeys", "/list/allocated_hotkeys", null, "acme"));

        c.add(new Case("allocations_sql-acme", "/list/allocations_sql", null, "acme"));
        c.add(new Case("allocations_sql-globex", "/list/allocations_sql", null, "globex"));
        c.add(new Case("allocations_sql-initech-none", "/list/allocations_sql", null, "initech"));
        c.add(new Case("allocations_sql-admin", "/list/allocations_sql", null, "admin"));
        c.add(new Case("allocations_sql-admin-ignores-query-and-body", "/list/allocations_sql?page_number=1&page_size=1",
                "{\"x\": 1}", "admin"));
        return c;
    }

    // ---- the fleet

    /** The hotkeys the cases refer to: generated miners by index, hand-made edge cases by name. */
    private record Fleet(List<String> generated, Map<String, String> edges) {
        String hotkey(int i) {
            return generated.get(i);
        }

        String edge(String name) {
            return edges.get(name);
        }
    }

    /** A deterministic SS58-looking hotkey (48 base58 characters starting with 5). */
    private static String hotkey(Random r) {
        StringBuilder s = new StringBuilder("5");
        for (int i = 1; i < 48; i++) s.append(BASE58.charAt(r.nextInt(BASE58.length())));
        return s.toString();
    }

    private static Fleet fill(Store store) {
        Random r = new Random(16);
        long gib = 1L << 30;
        List<String> generated = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            String hk = hotkey(r);
            generated.add(hk);
            boolean gpu = r.nextInt(10) != 0;
            String[] model = MODELS[r.nextInt(MODELS.length)];
            int cards = gpu ? 1 + r.nextInt(8) : 0;
            int cpu = 4 << r.nextInt(6);
            long ramTotal = (16L << r.nextInt(6)) * gib;
            long ramAvailable = ramTotal / 2 + r.nextInt(1 << 30);
            long diskTotal = (250L << r.nextInt(5)) * gib + r.nextInt(1 << 20);
            long diskFree = diskTotal - r.nextInt(1 << 30) * 3L;
            StringBuilder details = new StringBuilder("[");
            for (int k = 0; k < cards; k++) {
                if (k > 0) details.append(',');
                details.append("{\"name\":\"").append(model[0]).append("\",\"capacity\":").append(model[1]).append('}');
            }
            details.append(']');
            String specs = "{\"cpu\":{\"count\":" + cpu + ",\"frequency\":" + (2000 + r.nextInt(2000)) + ".5},"
                    + "\"gpu\":{\"count\":" + cards + ",\"capacity\":" + cards * Long.parseLong(model[1])
                    + ",\"details\":" + details + "},"
                    + "\"hard_disk\":{\"total\":" + diskTotal + ",\"free\":" + diskFree + ",\"used\":"
                    + (diskTotal - diskFree) + "},"
                    + "\"ram\":{\"total\":" + ramTotal + ",\"available\":" + ramAvailable + ",\"used\":"
                    + (ramTotal - ramAvailable) + "},\"has_docker\":" + (i % 3 != 0) + "}";
            int roll = r.nextInt(100);
            Health health = roll < 8 ? Health.DOWN : roll < 14 ? Health.UNKNOWN : Health.ONLINE;
            Instant specsAt = T0.plusMillis(r.nextInt(86_400_000));
            store.upsertMiner(new MinerRecord(hk, 100 + i, "10.1.0." + i, 8091 + i % 3, specs, specsAt,
                    specs == null ? null : SpecsSynapse.NAME, health,
                    specsAt.plusSeconds(30), false, null));
        }

        Map<String, String> edges = new LinkedHashMap<>();
        int uid = 10;
        // Spec reports as miners really send them: whitespace, exponents, trailing zeros, unknown fields, a GPU name
        // with quotes, a backslash and non-ASCII letters (re-serialised, not passed through verbatim).
        edges.put("odd-json", edge(store, r, uid++, """
                { "cpu" : { "count" : 16.0, "frequency": 3.50e3 },
                  "gpu": {"count": 2, "capacity": 4.8e4, "details": [{"name": "Gräfik \\"Q\\" \\\\ X", "capacity": 24000},
                                                                     {"name": "other", "capacity": 24000}]},
                  "hard_disk": {"total": 1e12, "free": 512000000000},
                  "ram": {"total": 137438953472, "available": 6.8719476736E10},
                  "extra": {"nested": [1, 2.0, -0.5, null, true, "\\u00e9\\n"]}, "has_docker": true }""",
                Health.ONLINE, T0.plusMillis(120), T0.plusSeconds(1)));
        edges.put("missing-ram", edge(store, r, uid++,
                "{\"cpu\":{\"count\":8},\"gpu\":{\"count\":1,\"capacity\":1024},\"hard_disk\":{\"free\":1}}",
                Health.ONLINE, T0, T0));
        edges.put("bad-json", edge(store, r, uid++, "{not json", Health.ONLINE, null, T0.plusSeconds(2)));
        edges.put("array-specs", edge(store, r, uid++, "[]", Health.UNKNOWN, T0, null));
        edges.put("string-numbers", edge(store, r, uid++,
                "{\"cpu\":{\"count\":\"8\"},\"ram\":{\"available\":1,\"total\":1},\"hard_disk\":{\"free\":1}}",
                Health.ONLINE, T0, T0));
        edges.put("no-gpu-key", edge(store, r, uid++,
                "{\"cpu\":{\"count\":2},\"ram\":{\"available\":4294967296,\"total\":8589934592},"
                        + "\"hard_disk\":{\"free\":10737418240,\"total\":21474836480}}",
                Health.ONLINE, null, null));
        edges.put("gpu-without-details", edge(store, r, uid++,
                "{\"cpu\":{\"count\":4},\"gpu\":{\"count\":2,\"capacity\":3000,\"details\":[]},"
                        + "\"ram\":{\"available\":5000000000,\"total\":9000000000},\"hard_disk\":{\"free\":7,\"total\":9}}",
                Health.ONLINE, T0.plusSeconds(3), null));
        edges.put("huge-and-tiny", edge(store, r, uid++,
                "{\"cpu\":{\"count\":256},\"gpu\":{\"count\":1,\"capacity\":123.456,\"details\":[{\"name\":\"Tesla T4\"}]},"
                        + "\"ram\":{\"available\":4000000,\"total\":2.5e15},\"hard_disk\":{\"free\":2.2e16,\"total\":3e16}}",
                Health.ONLINE, T0.plusSeconds(4), null));
        edges.put("mixed-case-model", edge(store, r, uid++,
                "{\"cpu\":{\"count\":16},\"gpu\":{\"count\":1,\"capacity\":24564,\"details\":[{\"name\":"
                        + "\"Nvidia GEFORCE rtx 4090\",\"capacity\":24564}]},\"ram\":{\"available\":68719476736,"
                        + "\"total\":137438953472},\"hard_disk\":{\"free\":536870912000,\"total\":1073741824000}}",
                Health.ONLINE, T0.plusSeconds(5), null));
        edges.put("blocked", edge(store, r, uid++,
                "{\"cpu\":{\"count\":32},\"ram\":{\"available\":1073741824,\"total\":2147483648},"
                        + "\"hard_disk\":{\"free\":1073741824}}", Health.ONLINE, T0, T0));
        store.setBlocked(edges.get("blocked"), true, "operator: abuse");
        edges.put("down-held", edge(store, r, uid++,
                "{\"cpu\":{\"count\":64},\"ram\":{\"available\":1073741824,\"total\":2147483648},"
                        + "\"hard_disk\":{\"free\":1073741824}}", Health.DOWN, T0, T0));
        // A deregistered miner keeps its uid while a newcomer takes it: same uid, ordered by hotkey.
        String twinA = "5TwinUidAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
        String twinB = "5TwinUidAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
        for (String twin : List.of(twinB, twinA)) {
            store.upsertMiner(new MinerRecord(twin, 105, "10.2.0.1", 8091,
                    "{\"cpu\":{\"count\":12},\"ram\":{\"available\":1073741824,\"total\":2147483648},"
                            + "\"hard_disk\":{\"free\":1073741824}}",
                    T0, ValidatorDbSpecs.NAME, Health.ONLINE, T0, false, null));
        }
        edges.put("twin-a", twinA);
        edges.put("twin-b", twinB);
        // An operator may block a hotkey before it ever registers: a placeholder row without uid or specs.
        edges.put("blocked-placeholder", "5BlockedBeforeRegistrationxxxxxxxxxxxxxxxxxxxxxx");
        store.setBlocked(edges.get("blocked-placeholder"), true, null);
        return new Fleet(generated, edges);
    }

    private static String edge(Store store, Random r, int uid, String specs, Health health, Instant specsAt,
                               Instant seen) {
        String hk = hotkey(r);
        store.upsertMiner(new MinerRecord(hk, uid, "10.3.0." + uid, 9000 + uid, specs, specsAt,
                specs == null ? null : WandbMinerSpecs.NAME, health, seen, false, null));
        return hk;
    }

    /** Allocations of three renters (initech has none), one paused, one ended, plus a pending reservation. */
    private static void allocate(Store store, Fleet fleet) {
        String acme = store.findTenantByName("acme").orElseThrow().id();
        String globex = store.findTenantByName("globex").orElseThrow().id();
        List<String[]> rows = List.of(
                new String[] {fleet.hotkey(0), acme, "NVIDIA GeForce RTX 4090"},
                new String[] {fleet.hotkey(3), globex, "NVIDIA A100-SXM4-80GB"},
                new String[] {fleet.hotkey(5), acme, ""},
                new String[] {fleet.edge("down-held"), globex, "cpu only"},
                new String[] {fleet.hotkey(11), acme, "NVIDIA H100 80GB HBM3"},
                new String[] {fleet.edge("odd-json"), acme, "Gräfik \"Q\""},
                new String[] {fleet.hotkey(17), globex, "Tesla T4"},
                new String[] {fleet.hotkey(20), acme, "NVIDIA L40S"});
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            Reservation hold = store.reserve(row[0], 0, row[1], Duration.ofDays(40)).orElseThrow();
            Instant created = T0.plusSeconds(60L * (i + 1)).plusMillis(7L * i);
            String uuid = String.format("00000000-0000-4000-8000-%012d", i + 1);
            AllocationRecord a = new AllocationRecord(uuid, row[0], row[1], AllocationState.ACTIVE, row[2],
                    "10.1.0." + i, 20_000 + i, i % 2 == 0 ? "root" : "ubuntu", "Secret-Password-" + i,
                    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + "k".repeat(i) + " renter+" + i + "@example.org",
                    "-----BEGIN PUBLIC KEY-----\nregkey" + i + "\n-----END PUBLIC KEY-----\n", i % 3 == 0 ? 0 : 183,
                    1 + i, created, created.plus(Duration.ofDays(30)), null, false);
            if (!store.commitAllocation(hold.token(), a, null, Event.of("allocation.created", uuid, "{}"))) {
                throw new IllegalStateException("the fixture lost its reservation on " + row[0]);
            }
        }
        store.setPaused("00000000-0000-4000-8000-000000000002", true, Event.of("allocation.paused",
                "00000000-0000-4000-8000-000000000002", "{}"));
        store.endAllocation("00000000-0000-4000-8000-000000000005", AllocationState.DEALLOCATED,
                Event.of("allocation.ended", "00000000-0000-4000-8000-000000000005", "{}"));
        // Held by a request still in flight: shown reserved, though no allocation lists it.
        store.reserve(fleet.hotkey(9), 0, globex, Duration.ofMinutes(5)).orElseThrow();
    }
}
