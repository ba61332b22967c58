package io.computeregister.api.e2e;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.Health;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.testing.SshLogin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restart_docker, pause_docker, unpause_docker and exchange_docker_key through the API against a real miner
 * (in-process, real axon, sandbox runtime with a real sshd; {@link DockerContainerActionsEndToEndTest} runs the same on
 * docker), judged the way a renter would: by SSH logins with the returned password and with ssh keys, by the answers'
 * envelopes, and by the events the WebSocket {@code /connect} replays.
 */
class ContainerActionsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final Keypair MINER_HOTKEY = Keypair.fromSuri("//Bob");
    private static final String ADMIN_KEY = "cr_actions-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final long MIB = 1024 * 1024;
    /** A paused machine must not answer within this; a running one answers well inside it. */
    private static final Duration PAUSED_LOGIN_TIMEOUT = Duration.ofSeconds(3);
    /** How long a restarted or unpaused machine may take to accept logins again. */
    private static final Duration REVIVAL = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    Miner miner;
    private ApiMain api;
    String renter;
    private final List<String> allocated = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The miner's runtime: sandbox here; the docker subclass overrides it. */
    RuntimeSettings runtime(HostPorts ports) {
        return new SandboxSettings(ports);
    }

    @BeforeEach
    void start() throws Exception {
        int first = FreePorts.block(2);
        MinerConfig config = MinerConfig.defaults(tmp.resolve("miner"),
                        runtime(new HostPorts(new PortRange(first, first + 1), "127.0.0.1")))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API_HOTKEY.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(2, 2048 * MIB, 0));
        miner = Miner.start(config, MINER_HOTKEY, Optional.empty());
        Path metagraphFile = tmp.resolve("metagraph.json");
        Files.writeString(metagraphFile, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of(
                new Metagraph.Neuron(0, miner.hotkey(), miner.hotkey(), "127.0.0.1", miner.axonPort(), 0, false,
                        true)))));
        ApiConfig apiConfig = new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                true, Duration.ofHours(1));
        api = ApiMain.start(apiConfig, API_HOTKEY, new StaticMetagraphSource(metagraphFile, 27), null,
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().listMiners().stream()
                .anyMatch(m -> m.health() == Health.ONLINE && m.specsJson() != null));
        renter = post("/admin/keys", "{\"tenant\":\"acme\"}", ADMIN_KEY).body().path("data").path("key").asText();
    }

    /** Deallocates through the API what a test allocated, so no machine (container) outlives the test. */
    @AfterEach
    void stop() throws Exception {
        try {
            for (String uuid : allocated) {
                post("/service/deallocate?hotkey=" + miner.hotkey() + "&uuid_key=" + uuid, null, renter);
            }
            if (miner != null) assertThat(miner.ledger().live()).as("machines left on the miner").isEmpty();
        } finally {
            stopAll();
        }
    }

    private void stopAll() {
        if (api != null) api.close();
        if (miner != null) miner.close();
    }

    @Test
    void exchange_key_pause_unpause_and_restart_through_the_api_change_what_ssh_logins_see() throws Exception {
        KeyPair oldKey = SshLogin.newKey();
        KeyPair newKey = SshLogin.newKey();
        JsonNode allocation = allocate(oldKey);
        String uuid = allocation.path("uuid_key").asText();
        String user = allocation.path("ssh_username").asText();
        String password = allocation.path("ssh_password").asText();
        int port = allocation.path("ssh_port").asInt();
        assertThat(login(port, user, null, oldKey, "echo with-old-key")).contains("with-old-key");

        // exchange_docker_key: the new key logs in, the old one is refused, the stored key is the new one
        String newKeyLine = SshLogin.publicKeyLine(newKey);
        Answer exchanged = post("/service/exchange_docker_key?hotkey=" + miner.hotkey() + "&uuid_key=" + uuid
                + "&ssh_key=" + URLEncoder.encode(newKeyLine, StandardCharsets.UTF_8) + "&key_type=user", null, renter);
        assertThat(exchanged.status()).as(exchanged.raw()).isEqualTo(200);
        assertThat(exchanged.body().path("message").asText()).isEqualTo("Resource ssh_key is exchanged successfully.");
        assertThat(login(port, user, null, newKey, "echo with-new-key")).contains("with-new-key");
        assertThatThrownBy(() -> login(port, user, null, oldKey, "true")).isInstanceOf(IOException.class);
        JsonNode listed = post("/list/allocations_sql", null, renter).body().path("data").get(0);
        assertThat(listed.path("ssh_key").asText()).isEqualTo(newKeyLine);
        assertThat(listed.path("ssh_password").asText()).isEmpty();

        // pause_docker: the machine stops answering; a login times out
        Answer paused = post("/service/pause_docker?hotkey=" + miner.hotkey() + "&uuid_key=" + uuid, null, renter);
        assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
        assertThat(paused.body().path("message").asText()).isEqualTo("Resource paused successfully.");
        assertThat(minerState()).isEqualTo(Allocation.State.PAUSED);
        long before = System.nanoTime();
        assertThatThrownBy(() -> SshLogin.run("127.0.0.1", port, user, null, newKey, "true", PAUSED_LOGIN_TIMEOUT))
                .isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - before))
                .as("a paused machine hangs the login until the client gives up").isGreaterThanOrEqualTo(
                        PAUSED_LOGIN_TIMEOUT.minusMillis(200));

        // unpause_docker: logins work again
        Answer unpaused = post("/service/unpause_docker?hotkey=" + miner.hotkey() + "&uuid_key=" + uuid, null, renter);
        assertThat(unpaused.status()).as(unpaused.raw()).isEqualTo(200);
        assertThat(unpaused.body().path("message").asText()).isEqualTo("Resource unpaused successfully.");
        assertThat(minerState()).isEqualTo(Allocation.State.ACTIVE);
        awaitLogin(port, user, null, newKey);

        // restart_docker: the machine restarts and both credentials still work
        Answer restarted = post("/service/restart_docker?hotkey=" + miner.hotkey() + "&uuid_key=" + uuid, null, renter);
        assertThat(restarted.status()).as(restarted.raw()).isEqualTo(200);
        assertThat(restarted.body().path("message").asText()).isEqualTo("Resource restarted successfully.");
        awaitLogin(port, user, null, newKey);
        awaitLogin(port, user, password, null);
        assertThat(minerState()).isEqualTo(Allocation.State.ACTIVE);

        // every confirmed action is an event, in order, replayed to a client that connects with ?since=0
        assertThat(eventsOf(uuid)).containsExactly("allocation.created", "allocation.ssh_key_exchanged",
                "allocation.paused", "allocation.unpaused", "allocation.restarted");
    }

    @Test
    void a_wrong_uuid_key_is_refused_in_the_original_envelope_and_the_machine_is_untouched() throws Exception {
        KeyPair key = SshLogin.newKey();
        KeyPair intruderKey = SshLogin.newKey();
        JsonNode allocation = allocate(key);
        String user = allocation.path("ssh_username").asText();
        int port = allocation.path("ssh_port").asInt();
        String uuid = allocation.path("uuid_key").asText();
        String wrong = UUID.randomUUID().toString();
        String intruderLine = URLEncoder.encode(SshLogin.publicKeyLine(intruderKey), StandardCharsets.UTF_8);

        Map<String, String> refusals = Map.of(
                "/service/restart_docker?", "Restart not successfully, please try again.",
                "/service/pause_docker?", "Pause not successfully, please try again.",
                "/service/unpause_docker?", "Unpause not successfully, please try again.",
                "/service/exchange_docker_key?ssh_key=" + intruderLine + "&",
                "Exchange ssh_key not successfully, please try again.");
        for (var refusal : refusals.entrySet()) {
            Answer r = post(refusal.getKey() + "hotkey=" + miner.hotkey() + "&uuid_key=" + wrong, null, renter);
            assertThat(r.status()).as(r.raw()).isEqualTo(400);
            assertThat(r.body().path("success").asBoolean()).isFalse();
            assertThat(r.body().path("message").asText()).isEqualTo(refusal.getValue());
            assertThat(r.body().path("err_detail").asText()).isEqualTo("Invalid UUID key");
        }

        // nothing reached the miner: still running, still the renter's key, the intruder's key refused
        assertThat(minerState()).isEqualTo(Allocation.State.ACTIVE);
        assertThat(login(port, user, null, key, "echo untouched")).contains("untouched");
        assertThatThrownBy(() -> login(port, user, null, intruderKey, "true")).isInstanceOf(IOException.class);
        assertThat(eventsOf(uuid)).containsExactly("allocation.created");
        JsonNode listed = post("/list/allocations_sql", null, renter).body().path("data").get(0);
        assertThat(listed.path("ssh_key").asText()).isEqualTo(SshLogin.publicKeyLine(key));
    }

    @Test
    void logs_come_from_the_miner_for_the_renter_only() throws Exception {
        KeyPair key = SshLogin.newKey();
        JsonNode allocation = allocate(key);
        String uuid = allocation.path("uuid_key").asText();
        assertThat(login(allocation.path("ssh_port").asInt(), allocation.path("ssh_username").asText(),
                allocation.path("ssh_password").asText(), null, "echo logged-in")).contains("logged-in");

        Answer logs = get("/allocations/" + uuid + "/logs?tail=50", renter);
        assertThat(logs.status()).as(logs.raw()).isEqualTo(200);
        assertThat(logs.body().path("data").path("uuid").asText()).isEqualTo(uuid);
        assertLogs(logs.body().path("data").path("logs").asText());

        assertThat(get("/allocations/" + uuid + "/logs?tail=0", renter).status()).isEqualTo(422);
        assertThat(get("/allocations/" + uuid + "/logs?tail=10001", renter).status()).isEqualTo(422);
        String stranger = post("/admin/keys", "{\"tenant\":\"stranger\"}", ADMIN_KEY).body().path("data").path("key")
                .asText();
        Answer theirs = get("/allocations/" + uuid + "/logs", stranger);
        assertThat(theirs.status()).as("someone else's allocation is no allocation").isEqualTo(404);
        assertThat(eventsOf(uuid)).containsExactly("allocation.created");
    }

    /**
     * What the logs of a container the renter logged into say: the sandbox keeps no output (""); the docker runtime
     * overrides with the SSH server's own lines.
     */
    void assertLogs(String logs) {
        assertThat(logs).isEmpty();
    }

    JsonNode allocate(KeyPair key) throws Exception {
        return allocate(key, "/tmp");
    }

    /** @param volumePath the request's {@code docker_requirement.volume_path} */
    JsonNode allocate(KeyPair key, String volumePath) throws Exception {
        Answer r = post("/service/allocate_spec", """
                {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 2},
                 "docker_requirement": {"ssh_key": "%s", "volume_path": "%s"}}""".formatted(
                SshLogin.publicKeyLine(key), volumePath), renter);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        allocated.add(r.body().path("data").path("uuid_key").asText());
        return r.body().path("data");
    }

    private Allocation.State minerState() {
        List<Allocation> live = miner.ledger().live();
        assertThat(live).hasSize(1);
        return live.getFirst().state();
    }

    static String login(int port, String user, String password, KeyPair key, String command)
            throws IOException {
        return SshLogin.run("127.0.0.1", port, user, password, key, command, Duration.ofSeconds(10));
    }

    /** Waits until the machine accepts this credential again (a restarting sshd refuses connections for a while). */
    static void awaitLogin(int port, String user, String password, KeyPair key) {
        await().atMost(REVIVAL).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> login(port, user, password, key, "echo alive").contains("alive"));
    }

    /** The event types of one allocation, as a client connecting with {@code ?since=0} receives them. */
    private List<String> eventsOf(String uuid) {
        List<JsonNode> frames = new CopyOnWriteArrayList<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        frames.add(JSON.readTree(partial.toString()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        long stored = api.store().lastEventSeq();
        WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + renter)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port() + "/connect?since=0"), listener).join();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream()
                    .anyMatch(f -> f.path("payload").path("seq").asLong() >= stored));
        } finally {
            ws.abort();
        }
        return frames.stream().filter(f -> f.path("type").asText().equals("event"))
                .filter(f -> f.path("payload").path("allocation_uuid").asText().equals(uuid))
                .map(f -> f.path("payload").path("event").asText()).toList();
    }

    record Answer(int status, JsonNode body, String raw) {}

    private Answer get(String pathAndQuery, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(120)).header("Authorization", "Bearer " + key).GET().build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r.body());
    }

    Answer post(String pathAndQuery, String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r.body());
    }

}
