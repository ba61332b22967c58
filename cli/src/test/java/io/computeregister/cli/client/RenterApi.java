package io.computeregister.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiServer;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.allocation.SshCheck;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.specs.SpecsSynapse;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.SecretBox;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A real register API on port 0 over SQLite in a temp dir, whose miners are {@link SandboxMinerClient} sandboxes. */
final class RenterApi implements AutoCloseable {

    static final String ADMIN_KEY = "cr_cli-test-admin-key-0123456789abcdefghijklmnopqr";
    static final String HK_4090 = "5F4090aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String HK_A100 = "5GA100bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    final JdbiStore store;
    final SandboxMinerClient miners;
    final ApiServer server;
    final String url;

    RenterApi(Path dir) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        store = new JdbiStore(Database.open("jdbc:sqlite:" + dir.resolve("api.db"), null, null), new SecretBox(key),
                Clock.systemUTC());
        miners = new SandboxMinerClient(dir.resolve("miner"));
        ApiConfig config = new ApiConfig("127.0.0.1", 0, dir.resolve("api"), AuthMode.KEYS, List.of(),
                false);
        AllocationSettings settings = new AllocationSettings(Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(5), 1, 3, SshCheck.OFF, Duration.ofSeconds(5));
        server = ApiServer.builder(config, store, miners).settings(settings)
                .adminKey(ADMIN_KEY, new PrintStream(OutputStream.nullOutputStream())).build();
        url = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        store.upsertMiner(miner(HK_4090, 1, "NVIDIA GeForce RTX 4090", 24564));
        store.upsertMiner(miner(HK_A100, 2, "NVIDIA A100-SXM4-80GB", 81920));
        server.minerIndex().refresh();
    }

    /** A renter key, created through the admin route as an operator would. */
    String renterKey(String tenant) throws Exception {
        var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/admin/keys"))
                .header("Authorization", "Bearer " + ADMIN_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"" + tenant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new IllegalStateException("cannot create a key: " + r.body());
        return new ObjectMapper().readTree(r.body()).path("data").path("key").asText();
    }

    private static MinerRecord miner(String hotkey, int uid, String gpu, long mib) {
        long gib = 1L << 30;
        String specs = "{\"cpu\":{\"count\":16},\"gpu\":{\"count\":1,\"capacity\":" + mib + ",\"details\":[{\"name\":\""
                + gpu + "\",\"capacity\":" + mib + "}]},\"hard_disk\":{\"total\":" + 1000 * gib + ",\"free\":"
                + 500 * gib + "},\"ram\":{\"total\":" + 128 * gib + ",\"available\":" + 64 * gib
                + "},\"has_docker\":true}";
        Instant now = Instant.now();
        return new MinerRecord(hotkey, uid, "127.0.0.1", 8091, specs, now, SpecsSynapse.NAME, Health.ONLINE, now, false, null);
    }

    @Override
    public void close() {
        server.close();
        miners.close();
        store.close();
    }
}
