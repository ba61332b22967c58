package io.computeregister.api.catalog;

import io.computeregister.api.auth.ApiKeys;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.SecretBox;
import io.computeregister.api.store.Tenant;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The store bench/lists/run.sh measures {@code compute api} on (not a unit test):
 * <ul>
 *   <li>{@code seed DB_URL USER PASSWORD DATA_DIR MINERS [ALLOCATIONS]}: migrates the database and fills it with
 *       MINERS miners (spec reports in the shape miners send: 6 GPU models with 1-8 cards, 10 % without GPU; 3 % down,
 *       1 % blocked, 2 % without specs) and ALLOCATIONS active allocations at most ({@value #MAX_ALLOCATIONS} unless
 *       given; one on every miner of a smaller fleet, else on miners spread over the fleet), 100 per renter;
 *       writes the renters' API keys to {@code DATA_DIR/renter-keys.txt} and leaves the store's secret key in
 *       {@code DATA_DIR/secret.key}, where {@code compute api --data-dir DATA_DIR} finds it. USER and PASSWORD are
 *       "-" for SQLite.</li>
 *   <li>{@code postgres DB...}: starts the embedded PostgreSQL the tests use, creates the databases, prints
 *       {@code postgres PORT} and keeps the server until its standard input closes.</li>
 * </ul>
 * Rows are written in batches straight into the tables (the Store writes one transaction per call, which would take
 * minutes for 100,000 miners); secrets are sealed with the store's own {@link SecretBox}. The miners have no known
 * address (ip ""), so the API's background jobs (health loop, reconciliation) make no network calls: what the bench
 * measures is the lists, not the fan-out to miners.
 */
public final class ListsBenchFleet {

    private static final String[][] GPUS = {{"NVIDIA GeForce RTX 4090", "24564"}, {"NVIDIA GeForce RTX 3090", "24576"},
        {"NVIDIA A100-SXM4-80GB", "81920"}, {"NVIDIA H100 80GB HBM3", "81559"}, {"NVIDIA RTX A6000", "49140"},
        {"NVIDIA L40S", "46068"}};
    static final int ALLOCATIONS_PER_RENTER = 100;
    /**
     * Allocations stop growing with the fleet here: the lists' figures at 100,000 miners then compare with those at
     * 10,000, and the background jobs that walk every allocation (health loop, reconciliation) cost the same.
     */
    static final int MAX_ALLOCATIONS = 10_000;
    private static final int BATCH = 5_000;
    private static final long GIB = 1L << 30;

    private ListsBenchFleet() {}

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "seed" -> seed(args[1], dash(args[2]), dash(args[3]), Path.of(args[4]), Integer.parseInt(args[5]),
                    args.length > 6 ? Integer.parseInt(args[6]) : MAX_ALLOCATIONS);
            case "postgres" -> postgres(List.of(args).subList(1, args.length));
            default -> {
                System.err.println("usage: seed DB_URL USER PASSWORD DATA_DIR MINERS [ALLOCATIONS] | postgres DB...");
                System.exit(2);
            }
        }
    }

    private static String dash(String s) {
        return "-".equals(s) ? null : s;
    }

    private static void postgres(List<String> databases) throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                for (String db : databases) c.createStatement().execute("CREATE DATABASE " + db);
            }
            System.out.println("postgres " + pg.getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the server until the script closes our standard input
            }
        }
    }

    private static void seed(String url, String user, String password, Path dataDir, int miners, int maxAllocations)
            throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(dataDir);
        Clock clock = Clock.systemUTC();
        SecretBox secrets = SecretBox.fromEnvOrKeyFile(null, dataDir);
        Database database = Database.open(url, user, password);
        try (JdbiStore store = new JdbiStore(database, secrets, clock)) {
            int allocations = Math.min(miners, maxAllocations);
            int every = Math.max(1, miners / Math.max(1, allocations)); // one allocation on every n-th miner
            int renters = Math.max(1, (allocations + ALLOCATIONS_PER_RENTER - 1) / ALLOCATIONS_PER_RENTER);
            List<String> tenantIds = new ArrayList<>();
            StringBuilder keys = new StringBuilder();
            for (int t = 0; t < renters; t++) {
                Tenant tenant = store.createTenant("bench-renter-" + t, false);
                ApiKeys.Issued issued = ApiKeys.issue(tenant.id(), clock.instant());
                store.addApiKey(issued.record());
                tenantIds.add(tenant.id());
                keys.append(issued.key()).append('\n');
            }
            Files.writeString(dataDir.resolve("renter-keys.txt"), keys, StandardCharsets.UTF_8);

            Random random = new Random(27);
            long now = clock.millis();
            for (int from = 0; from < miners; from += BATCH) {
                int to = Math.min(miners, from + BATCH);
                int start = from;
                database.jdbi().useTransaction(h -> {
                    PreparedBatch m = h.prepareBatch("""
                            INSERT INTO miners (hotkey, uid, ip, port, specs, specs_updated_at, health, last_seen,
                                blocked, blocked_reason, updated_at)
                            VALUES (:hotkey, :uid, '', 0, :specs, :at, :health, :at, :blocked, :reason, :at)""");
                    PreparedBatch r = h.prepareBatch("""
                            INSERT INTO reservations (miner_hotkey, slot, token, tenant_id, allocation_uuid, created_at,
                                expires_at) VALUES (:miner, 0, :token, :tenant, :uuid, :created, :expires)""");
                    PreparedBatch a = h.prepareBatch("""
                            INSERT INTO allocations (uuid, miner_hotkey, tenant_id, state, resource, ssh_host, ssh_port,
                                ssh_username, ssh_password_enc, ssh_key, regkey, miner_version, timeline_days,
                                created_at, expires_at)
                            VALUES (:uuid, :miner, :tenant, 'active', :resource, :host, :port, 'root', :pw, :sshKey,
                                :regkey, 183, 30, :created, :expires)""");
                    PreparedBatch e = h.prepareBatch("""
                            INSERT INTO events (type, allocation_uuid, payload, created_at)
                            VALUES ('allocation.created', :uuid, '{}', :created)""");
                    for (int i = start; i < to; i++) {
                        String hotkey = "5BenchMiner" + i;
                        int roll = random.nextInt(100);
                        String[] gpu = roll < 10 ? null : GPUS[random.nextInt(GPUS.length)];
                        m.bind("hotkey", hotkey).bind("uid", i)
                                .bind("specs", roll >= 10 && roll < 12 ? null : specs(random, gpu))
                                .bind("at", now - 60_000L * (i % 600))
                                .bind("health", roll >= 12 && roll < 15 ? "down" : "online")
                                .bind("blocked", roll == 15).bind("reason", roll == 15 ? "bench: blocked" : null)
                                .add();
                        if (i % every != 0 || i / every >= allocations) continue;
                        int n = i / every; // this allocation's number
                        String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
                        String tenant = tenantIds.get(n / ALLOCATIONS_PER_RENTER);
                        long created = now - 1_000L * (allocations - n); // oldest first, as the list orders them
                        long expires = created + Duration.ofDays(30).toMillis();
                        r.bind("miner", hotkey).bind("token", UUID.randomUUID().toString()).bind("tenant", tenant)
                                .bind("uuid", uuid).bind("created", created).bind("expires", expires).add();
                        a.bind("uuid", uuid).bind("miner", hotkey).bind("tenant", tenant)
                                .bind("resource", gpu == null ? "cpu" : gpu[0])
                                .bind("host", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                                .bind("port", 20_000 + i % 40_000)
                                .bind("pw", secrets.seal("Pw" + Long.toHexString(random.nextLong())))
                                .bind("sshKey", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + base64(random, 43)
                                        + " renter@bench-" + i)
                                .bind("regkey", "-----BEGIN PUBLIC KEY-----\n" + base64(random, 392)
                                        + "\n-----END PUBLIC KEY-----\n")
                                .bind("created", created).bind("expires", expires).add();
                        e.bind("uuid", uuid).bind("created", created).add();
                    }
                    m.execute();
                    r.execute();
                    a.execute();
                    e.execute();
                });
            }
            System.out.printf("seeded %d miners, %d allocations over %d renters in %.1f s (%s)%n", miners, allocations,
                    renters, (System.nanoTime() - t0) / 1e9, Database.describe(url));
        }
    }

    /** A spec report in the shape of docs/protocol.md §9.10, with every field a real miner sends. */
    private static String specs(Random r, String[] gpu) {
        int cards = gpu == null ? 0 : 1 + r.nextInt(8);
        long mib = gpu == null ? 0 : Long.parseLong(gpu[1]);
        StringBuilder details = new StringBuilder("[");
        for (int k = 0; k < cards; k++) {
            if (k > 0) details.append(',');
            details.append("{\"name\":\"").append(gpu[0]).append("\",\"capacity\":").append(mib).append('}');
        }
        details.append(']');
        long ram = (32L << r.nextInt(4)) * GIB;
        long ramAvailable = ram / 2 + r.nextInt(1 << 30);
        long disk = (500L << r.nextInt(3)) * GIB;
        long diskFree = disk / 3 + r.nextInt(1 << 30);
        return "{\"cpu\":{\"count\":" + (8 << r.nextInt(4)) + ",\"frequency\":" + (2400 + r.nextInt(1600)) + ".0},"
                + "\"gpu\":{\"count\":" + cards + ",\"capacity\":" + cards * mib + ",\"details\":" + details
                + ",\"graphics_speed\":" + (1500 + r.nextInt(1000)) + ",\"memory_speed\":" + (5000 + r.nextInt(5000))
                + "},\"hard_disk\":{\"total\":" + disk + ",\"free\":" + diskFree + ",\"used\":" + (disk - diskFree)
                + ",\"read_speed\":" + (500 + r.nextInt(3000)) + ".5,\"write_speed\":" + (400 + r.nextInt(2000))
                + ".25},\"ram\":{\"total\":" + ram + ",\"available\":" + ramAvailable + ",\"used\":"
                + (ram - ramAvailable) + ",\"free\":" + ramAvailable / 2 + ",\"swap_total\":0,\"swap_free\":0,"
                + "\"swap_used\":0,\"read_speed\":" + (10_000 + r.nextInt(10_000)) + ".0,\"write_speed\":"
                + (8_000 + r.nextInt(8_000)) + ".0},\"has_docker\":true}";
    }

    private static String base64(Random r, int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) s.append(alphabet.charAt(r.nextInt(64)));
        return s.toString();
    }
}
