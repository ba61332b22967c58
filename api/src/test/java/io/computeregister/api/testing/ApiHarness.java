package io.computeregister.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiServer;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.allocation.SshCheck;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.budget.RequestBudgets;
import io.computeregister.api.store.MinerRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real API server on port 0 over a {@link TestDb}, with the fake miner fleet, and a small JDK HTTP client. */
public final class ApiHarness implements AutoCloseable {

    public static final String ADMIN_KEY = "cr_test-admin-key-0123456789abcdefghijklmnopqrstuv";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final TestDb db;
    public final FakeMinerClient miners = new FakeMinerClient();
    public final ApiServer server;
    public final int port;
    public final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {}

    public ApiHarness(TestDb db) {
        this(db, AuthMode.KEYS, List.of(), SshCheck.OFF);
    }

    public ApiHarness(TestDb db, AuthMode auth, List<String> allowlist, SshCheck sshCheck) {
        this(db, auth, allowlist, sshCheck, ApiServer.KEEPALIVE);
    }

    /** With the WebSocket keepalive period shortened (the original's 30 s is too long for a test). */
    public ApiHarness(TestDb db, Duration keepalive) {
        this(db, AuthMode.KEYS, List.of(), SshCheck.OFF, keepalive);
    }

    /** With these per-tenant budgets (on the test database's clock, which the test moves). */
    public ApiHarness(TestDb db, RequestBudgets budgets) {
        this(db, AuthMode.KEYS, List.of(), SshCheck.OFF, ApiServer.KEEPALIVE, budgets);
    }

    public ApiHarness(TestDb db, AuthMode auth, List<String> allowlist, SshCheck sshCheck, Duration keepalive) {
        this(db, auth, allowlist, sshCheck, keepalive, RequestBudgets.DEFAULTS);
    }

    private ApiHarness(TestDb db, AuthMode auth, List<String> allowlist, SshCheck sshCheck, Duration keepalive,
                       RequestBudgets budgets) {
        this.db = db;
        ApiConfig config = new ApiConfig("127.0.0.1", 0, Path.of("unused"), auth, allowlist, true)
                .withBudgets(budgets);
        AllocationSettings settings = new AllocationSettings(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(2), 2, 3, sshCheck, Duration.ofSeconds(2));
        this.server = ApiServer.builder(config, db.store, miners).settings(settings).clock(db.clock)
                .adminKey(ADMIN_KEY, new PrintStream(console, true)).keepalive(keepalive).build();
        this.port = server.start("127.0.0.1", 0);
    }

    public void addMiners(MinerRecord... records) {
        for (MinerRecord r : records) db.store.upsertMiner(r);
        server.minerIndex().refresh();
    }

    public Reply post(String pathAndQuery, String body, String apiKey) {
        return post(pathAndQuery, body, apiKey, null);
    }

    public Reply post(String pathAndQuery, String body, String apiKey, String idempotencyKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        if (idempotencyKey != null) b.header("Idempotency-Key", idempotencyKey);
        return send(b.build());
    }

    public Reply get(String path) {
        return get(path, null);
    }

    public Reply get(String path, String apiKey) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        return send(b.build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r;
            r = send(http, request, HttpResponse.BodyHandlers.ofString());
            JsonNode node;
            try {
                node = JSON.readTree(r.body());
            } catch (Exception e) {
                node = null;
            }
            return new Reply(r.statusCode(), node, r.body(), r.headers());
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + request.uri(), e);
        }
    }

    /** Creates a renter tenant through the admin route and returns its key. */
    public String renterKey(String tenant) {
        Reply r = post("/admin/keys", "{\"tenant\":\"" + tenant + "\"}", ADMIN_KEY);
        if (r.status() != 201) throw new IllegalStateException("cannot create key: " + r.raw());
        return r.body().path("data").path("key").asText();
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * Sends once more when a pooled keep-alive connection the server closed just as it was reused gave no byte back:
     * the request was never read, so sending it again on a fresh connection is what HTTP clients do. Seen under a
     * loaded machine in the fuzz and golden-list tests; every other failure is reported.
     */
    public static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        try {
            return http.send(request, body);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("received no bytes")) throw e;
            return http.send(request, body);
        }
    }
}
