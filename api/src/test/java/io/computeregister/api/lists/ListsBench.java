package io.computeregister.api.lists;

import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiServer;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.allocation.SshCheck;
import io.computeregister.api.auth.ApiKeys;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.store.SecretBox;
import io.computeregister.api.store.Tenant;
import io.computeregister.api.testing.FakeMinerClient;
import io.computeregister.api.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * {@code /list/resources_sql} and {@code /list/allocations_sql} under 32 concurrent HTTP clients against a real
 * {@link ApiServer} on loopback, over SQLite (the default store) holding 10,000 miners with specs and 10,000 active
 * allocations (one per miner, spread over 100 renters). Prints p50/p99 latency and requests/s per endpoint. Run
 * through bench/lists/run.sh (not part of the unit tests).
 *
 * <p>What is asked: resources_sql a page of 50 (random page, half of the requests with a GPU-name filter in the body,
 * as the console and the CLI ask); allocations_sql as a renter (its own 100 allocations, the original's unpaged
 * shape). Untargeted lines: {@code GET /} first (the machine's ceiling for any endpoint) and last the admin's
 * allocations_sql over all 10,000 allocations.
 *
 * <p>Args: [miners=10000] [seconds=10] [clients=32] [runs=baseline,resources,own,all] (which lines to run)
 */
public final class ListsBench {

    private static final String ADMIN_KEY = "cr_bench-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String[][] GPUS = {{"NVIDIA GeForce RTX 4090", "24564"}, {"NVIDIA GeForce RTX 3090", "24576"},
        {"NVIDIA A100-SXM4-80GB", "81920"}, {"NVIDIA H100 80GB HBM3", "81559"}, {"NVIDIA RTX A6000", "49140"},
        {"NVIDIA L40S", "46068"}};
    private static final int RENTERS = 100;

    public static void main(String[] args) throws Exception {
        int minerCount = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        List<String> runs = List.of((args.length > 3 ? args[3] : "baseline,resources,own,all").split(","));

        Path dir = Files.createTempDirectory("lists-bench-");
        Clock clock = Clock.systemUTC();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Database database = Database.open("jdbc:sqlite:" + dir.resolve("register.db"), null, null);
        JdbiStore store = new JdbiStore(database, new SecretBox(key), clock);

        long t0 = System.nanoTime();
        Random random = new Random(27);
        List<String> hotkeys = new ArrayList<>(minerCount);
        for (int i = 0; i < minerCount; i++) {
            String[] gpu = GPUS[random.nextInt(GPUS.length)];
            String hotkey = "5BenchMiner" + i;
            hotkeys.add(hotkey);
            store.upsertMiner(Fixtures.miner(hotkey).uid(i).ip("10.0." + (i / 250) + "." + (i % 250))
                    .cpu(8 << random.nextInt(4)).gpus(gpu[0], 1 + random.nextInt(8), Long.parseLong(gpu[1]))
                    .ramGib(32L << random.nextInt(4)).diskGib(500L << random.nextInt(3)).build());
        }
        List<String> renterKeys = new ArrayList<>();
        List<Tenant> tenants = new ArrayList<>();
        for (int t = 0; t < RENTERS; t++) {
            Tenant tenant = store.createTenant("renter-" + t, false);
            tenants.add(tenant);
            ApiKeys.Issued issued = ApiKeys.issue(tenant.id(), clock.instant());
            store.addApiKey(issued.record());
            renterKeys.add(issued.key());
        }
        for (int i = 0; i < minerCount; i++) {
            Tenant tenant = tenants.get(i % RENTERS);
            Reservation r = store.reserve(hotkeys.get(i), 0, tenant.id(), Duration.ofMinutes(10)).orElseThrow();
            Instant now = clock.instant();
            String uuid = UUID.randomUUID().toString();
            AllocationRecord a = new AllocationRecord(uuid, hotkeys.get(i), tenant.id(), AllocationState.ACTIVE,
                    "NVIDIA GeForce RTX 4090", "10.0." + (i / 250) + "." + (i % 250), 4444, "root",
                    "Pw" + Long.toHexString(random.nextLong()), "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIbench" + i,
                    "-----BEGIN PUBLIC KEY-----\nbench\n-----END PUBLIC KEY-----\n", 1, 30, now,
                    now.plus(Duration.ofDays(30)), null);
            if (!store.commitAllocation(r.token(), a, null, Event.of("allocation.created", uuid, "{}"))) {
                throw new IllegalStateException("commit lost for " + hotkeys.get(i));
            }
        }
        System.out.printf("store: %d miners, %d active allocations over %d renters, filled in %.1f s (%s)%n",
                minerCount, minerCount, RENTERS, (System.nanoTime() - t0) / 1e9, dir);

        ApiConfig config = new ApiConfig("127.0.0.1", 0, dir, AuthMode.KEYS, List.of(), true);
        AllocationSettings settings = new AllocationSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 2, 3, SshCheck.OFF, Duration.ofSeconds(2));
        try (ApiServer server = ApiServer.builder(config, store, new FakeMinerClient()).settings(settings)
                .clock(clock).adminKey(ADMIN_KEY, new PrintStream(new ByteArrayOutputStream())).build()) {
            int port = server.start("127.0.0.1", 0);
            server.minerIndex().refresh();
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();

            Supplier<HttpRequest> resources = () -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                String body = r.nextBoolean() ? "{\"gpu_name\": \"" + GPUS[r.nextInt(GPUS.length)][0] + "\"}" : "";
                return post(base + "/list/resources_sql?page_size=50&page_number=" + (1 + r.nextInt(20)),
                        renterKeys.get(r.nextInt(RENTERS)), body);
            };
            Supplier<HttpRequest> ownAllocations = () -> post(base + "/list/allocations_sql",
                    renterKeys.get(ThreadLocalRandom.current().nextInt(RENTERS)), "");
            Supplier<HttpRequest> allAllocations = () -> post(base + "/list/allocations_sql", ADMIN_KEY, "");

            if (runs.contains("baseline")) {
                // the ceiling of this machine: HTTP, routing and the client, with no store and almost no JSON
                run("GET / (baseline, untargeted)", http, () -> HttpRequest.newBuilder(URI.create(base + "/"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), clients, seconds, false);
            }
            if (runs.contains("resources")) run("resources_sql (page of 50)", http, resources, clients, seconds, true);
            if (runs.contains("own")) {
                run("allocations_sql (renter: own " + minerCount / RENTERS + ")", http, ownAllocations, clients,
                        seconds, true);
            }
            if (runs.contains("all")) {
                run("allocations_sql (admin: all " + minerCount + ", untargeted)", http, allAllocations, clients,
                        seconds, false);
            }
        } finally {
            store.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static HttpRequest post(String url, String key, String body) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** 3 s of warm-up, then {@code seconds} measured; every answer must be 200. */
    private static void run(String name, HttpClient http, Supplier<HttpRequest> request, int clients, int seconds,
                            boolean targeted) throws InterruptedException {
        drive(http, request, clients, Duration.ofSeconds(3));
        long start = System.nanoTime();
        long[][] perClient = drive(http, request, clients, Duration.ofSeconds(seconds));
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(perClient).flatMapToLong(Arrays::stream).sorted().toArray();
        double p50 = all[(int) (all.length * 0.50)] / 1e6;
        double p99 = all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6;
        double rate = all.length / elapsed;
        String verdict = !targeted ? "" : p99 <= 50 && rate >= 2000 ? "  target met" : "  TARGET MISSED";
        System.out.printf("%-52s %7d requests  %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms%s%n", name, all.length, rate,
                p50, p99, verdict);
    }

    private static long[][] drive(HttpClient http, Supplier<HttpRequest> request, int clients, Duration length)
            throws InterruptedException {
        long[][] latencies = new long[clients][];
        CountDownLatch done = new CountDownLatch(clients);
        long end = System.nanoTime() + length.toNanos();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread.ofPlatform().daemon().start(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        HttpRequest r = request.get();
                        long t = System.nanoTime();
                        HttpResponse<byte[]> answer = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - t;
                        if (answer.statusCode() != 200) {
                            throw new IllegalStateException(r.uri() + " answered " + answer.statusCode() + ": "
                                    + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
                        }
                        if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
                        mine[n++] = took;
                    }
                } catch (Exception e) {
                    System.err.println("client " + id + " failed: " + e);
                    System.exit(1);
                } finally {
                    latencies[id] = Arrays.copyOf(mine, n);
                    done.countDown();
                }
            });
        }
        done.await();
        return latencies;
    }
}
