package io.computeregister.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
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
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Double-booking with real miners (sandbox runtime, real axons and ledgers) behind the real API over HTTP: 50 renters
 * ask at once, of miners that offer room for exactly one allocation each, and of one miner with room for four (several
 * renters per machine: the API takes each share in one transaction). The miners' own ledgers are the judge. The same
 * on PostgreSQL: {@code RealMinerConcurrencyPostgresTest}.
 */
class RealMinerConcurrencyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_concurrency-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String SPEC = """
            {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 1},
             "docker_requirement": {"ssh_key": ""}}""";

    @TempDir
    Path tmp;

    private final List<Miner> miners = new ArrayList<>();
    private ApiMain api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        if (api != null) api.close();
        for (Miner m : miners) m.close();
    }

    @Test
    void fifty_concurrent_allocate_spec_on_one_miner_with_room_for_four_admit_four_and_its_ledger_agrees()
            throws Exception {
        start(1, new MinerConfig.Offer(4, 4L << 30, 0), 6);
        Miner miner = miners.getFirst();
        List<HttpResponse<String>> answers = all(50, "/service/allocate_spec", SPEC);

        List<JsonNode> won = won(answers);
        // 4 cores and 4 GiB, each renter asks 1 core and 1 GiB: four side by side, never a fifth.
        assertThat(won).hasSize(4);
        assertThat(won.stream().map(d -> d.path("hotkey").asText()).distinct()).containsExactly(miner.hotkey());
        assertThat(won.stream().map(d -> d.path("ssh_port").asInt()).distinct()).hasSize(4);
        assertThat(miner.ledger().live()).as("the miner's own ledger").hasSize(4);
        assertThat(api.store().minerUsage(miner.hotkey()).holds()).isEqualTo(4);
        JsonNode dry = JSON.readTree(http.send(request("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(dry.path("data").path("summary").asText()).as(dry.toString())
                .contains("not enough free cpu (needs 1 cores, 0 free)");
        for (JsonNode d : won) {
            assertThat(SshPasswordLogin.run("127.0.0.1", d.path("ssh_port").asInt(), d.path("ssh_username").asText(),
                    d.path("ssh_password").asText(), "echo side-by-side")).contains("side-by-side");
        }
    }

    @Test
    void fifty_concurrent_allocate_hotkey_for_one_real_miner_give_one_allocation_and_forty_nine_busy_errors()
            throws Exception {
        start(1);
        String hotkey = miners.getFirst().hotkey();
        List<HttpResponse<String>> answers = all(50, "/service/allocate_hotkey?hotkey=" + hotkey, null);

        List<HttpResponse<String>> won = answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertThat(won).hasSize(1);
        for (HttpResponse<String> lost : answers) {
            if (lost.statusCode() == 200) continue;
            JsonNode body = JSON.readTree(lost.body());
            assertThat(lost.statusCode()).as(lost.body()).isEqualTo(404);
            assertThat(body.path("err_detail").asText()).as(lost.body()).contains("busy");
        }
        assertThat(miners.getFirst().ledger().live()).hasSize(1);
        JsonNode data = JSON.readTree(won.getFirst().body()).path("data");
        assertThat(SshPasswordLogin.run("127.0.0.1", data.path("ssh_port").asInt(), data.path("ssh_username").asText(),
                data.path("ssh_password").asText(), "echo winner")).contains("winner");
    }

    @Test
    void fifty_concurrent_allocate_spec_over_five_real_miners_give_exactly_five_and_none_holds_two() throws Exception {
        start(5);
        List<HttpResponse<String>> answers = all(50, "/service/allocate_spec", SPEC);

        List<JsonNode> won = won(answers);
        assertThat(won).hasSize(5);
        assertThat(won.stream().map(d -> d.path("hotkey").asText()).distinct()).hasSize(5);
        for (Miner m : miners) {
            assertThat(m.ledger().live()).as("live allocations on " + m.hotkey()).hasSize(1);
        }
    }

    /** The allocations of the answers that won; every other answer must be the original's 404 refusal. */
    private static List<JsonNode> won(List<HttpResponse<String>> answers) throws Exception {
        List<JsonNode> won = new ArrayList<>();
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 200) {
                won.add(JSON.readTree(r.body()).path("data"));
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
            }
        }
        return won;
    }

    /** Sends {@code n} copies of one request at once (released together by a latch), each with its own renter key. */
    private List<HttpResponse<String>> all(int n, String pathAndQuery, String body) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) keys.add(renterKey("renter-" + i));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (String key : keys) {
            calls.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return http.send(request(pathAndQuery, body, key), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        go.countDown();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (var c : calls) answers.add(c.get());
        return answers;
    }

    /** {@code count} sandbox miners, each offering room for exactly one allocation (1 core, 1 GiB, 1 SSH port). */
    private void start(int count) throws Exception {
        start(count, new MinerConfig.Offer(1, 1L << 30, 0), 1);
    }

    /** The store: SQLite in the API's directory; a PostgreSQL URL in the subclass. */
    String databaseUrl() {
        return null;
    }

    private void start(int count, MinerConfig.Offer offer, int sshPorts) throws Exception {
        List<Metagraph.Neuron> neurons = new ArrayList<>();
        for (int uid = 0; uid < count; uid++) {
            int port = FreePorts.block(sshPorts);
            Keypair hotkey = Keypair.fromSuri("//Miner" + uid);
            Miner miner = Miner.start(MinerConfig.defaults(tmp.resolve("miner-" + uid),
                            new SandboxSettings(new HostPorts(new PortRange(port, port + sshPorts - 1), "127.0.0.1")))
                    .withAxon("127.0.0.1", 0)
                    .withCallers(Set.of(API_HOTKEY.ss58Address()), false)
                    .withOffer(offer), hotkey, Optional.empty());
            miners.add(miner);
            neurons.add(new Metagraph.Neuron(uid, miner.hotkey(), miner.hotkey(), "127.0.0.1", miner.axonPort(), 0,
                    false, true));
        }
        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));
        String dbUrl = databaseUrl();
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), dbUrl, dbUrl == null ? null : "postgres",
                        AuthMode.KEYS, List.of(), true, Duration.ofHours(1)), API_HOTKEY,
                new StaticMetagraphSource(metagraph, 27), dbUrl == null ? null : "postgres",
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().listMiners().stream()
                .filter(m -> m.health() == Health.ONLINE && m.specsJson() != null).count() == count);
    }

    private String renterKey(String tenant) throws Exception {
        HttpResponse<String> r = http.send(request("/admin/keys", "{\"tenant\":\"" + tenant + "\"}", ADMIN_KEY),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("data").path("key").asText();
    }

    private HttpRequest request(String pathAndQuery, String body, String key) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
