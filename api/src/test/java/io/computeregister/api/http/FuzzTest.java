package io.computeregister.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 random and malformed requests over every POST route: only 2xx/4xx, never a 5xx, and the store is exactly
 * as before (every mutating request is built so that it must be refused: unknown hotkeys, wrong uuids, renter key on
 * admin routes, unsatisfiable or malformed requirements).
 */
class FuzzTest {

    private static final long SEED = 27;
    private static final List<String> PATHS = List.of(
            "/service/allocate_spec", "/service/allocate_hotkey", "/service/deallocate",
            "/service/check_miner_status", "/service/restart_docker", "/service/pause_docker",
            "/service/unpause_docker", "/service/exchange_docker_key", "/list/allocations_sql",
            "/list/resources_sql", "/list/resources_wandb", "/list/count_all_gpus", "/list/count_all_by_model",
            "/list/all_runs", "/list/specs", "/list/run_by_name", "/list/available", "/list/allocated_hotkeys",
            "/admin/keys", "/admin/miners/block", "/admin/miners/unblock", "/list/nope");
    private static final List<String> PARAMS = List.of("hotkey", "uuid_key", "ssh_key", "key_type", "notify_flag",
            "page_size", "page_number", "stats", "model", "cpu_count", "ram_size", "run_name", "rent_status",
            "query_version", "dry_run");
    private static final List<String> VALUES = List.of("", "0", "-1", "1", "2.5", "true", "maybe", "%00", "%FF%FE",
            "hk-a", "ghost", "not-a-uuid", "99999999999999999999", "NaN", "1e309", "%27%3B--", "user", "terminal",
            "root", "a%20b");
    private static final List<String> BODIES = List.of("", "{", "}", "[", "null", "1", "\"s\"", "[]", "{}",
            "[\"hk-a\", 5]", "[\"ghost\"]", "{\"requirements\": {}}",
            "{\"requirements\": {\"gpu_size\": 1000000, \"timeline\": 1}, \"docker_requirement\": {}}",
            "{\"requirements\": {\"cpu_count\": \"x\", \"timeline\": 0}, \"docker_requirement\": 3}",
            "{\"gpu_name\": 1}", "{\"cpu_count_min\": 2.5}", "{\"ram_total_min\": \"a lot\"}",
            "{\"tenant\": \"evil\"}", "{\"hotkey\": \"hk-a\", \"reason\": \"x\"}", "{\"a\": [[[[[[]]]]]]}",
            "\u0000\u0001", "{\"ssh_key\": 5}", "{\"base_image\": null}");

    private TestDb db;
    private ApiHarness api;
    private String renter;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db);
        renter = api.renterKey("acme");
        api.addMiners(Fixtures.miner("hk-a").uid(1).build(), Fixtures.miner("hk-b").uid(2).build());
        var r = api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter);
        assertThat(r.status()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        db.database.jdbi().useHandle(h -> {
            for (String table : List.of("miners", "reservations", "allocations", "tenants", "api_keys",
                    "idempotency_keys", "events")) {
                out.put(table, h.createQuery("SELECT * FROM " + table).mapToMap().list().toString());
            }
        });
        return out;
    }

    private String request(Random random) {
        StringBuilder q = new StringBuilder(PATHS.get(random.nextInt(PATHS.size())));
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String value = random.nextInt(5) == 0 ? UUID.randomUUID().toString() : VALUES.get(random.nextInt(VALUES.size()));
            q.append(i == 0 ? '?' : '&').append(PARAMS.get(random.nextInt(PARAMS.size()))).append('=').append(value);
        }
        return q.toString();
    }

    @Test
    void ten_thousand_random_requests_never_give_a_5xx_and_leave_the_store_unchanged() throws Exception {
        Map<String, Object> before = snapshot();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> serverErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Random random = new Random(SEED + t);
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 1250; i++) {
                    String path = request(random);
                    String body = random.nextInt(4) == 0 ? null : BODIES.get(random.nextInt(BODIES.size()));
                    String key = switch (random.nextInt(10)) {
                        case 0 -> null;
                        case 1 -> "cr_bogus";
                        default -> renter;
                    };
                    var r = api.post(path, body, key);
                    statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.status() >= 500 || r.status() < 200) serverErrors.add(r.status() + " " + path + " " + body);
                }
            }));
        }
        for (Future<?> f : futures) f.get();
        pool.shutdown();
        System.out.println("fuzz statuses: " + statuses);
        assertThat(serverErrors).isEmpty();
        assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(10_000);
        assertThat(statuses.keySet()).contains(200, 401, 404, 422);
        assertThat(snapshot()).isEqualTo(before);
    }
}
