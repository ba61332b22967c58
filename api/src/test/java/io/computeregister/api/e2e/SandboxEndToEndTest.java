package io.computeregister.api.e2e;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.runtime.PortRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real parts: two Java miners in-process (real axons, ledgers, sandbox runtime with real sshd),
 * a static metagraph file listing them, the API on port 0 over SQLite, its discovery asking the miners for specs
 * through the dendrite, then allocate_spec and allocate_hotkey over HTTP, an SSH login with the returned password,
 * deallocate, and nothing left on the miners.
 */
class SandboxEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final Keypair MINER_A = Keypair.fromSuri("//Bob");
    private static final Keypair MINER_B = Keypair.fromSuri("//Charlie");
    private static final String ADMIN_KEY = "cr_e2e-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    final List<Miner> miners = new ArrayList<>();
    private ApiMain api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        List<Metagraph.Neuron> neurons = new ArrayList<>();
        int uid = 0;
        for (Keypair hotkey : List.of(MINER_A, MINER_B)) {
            Path dir = tmp.resolve("miner-" + uid);
            int first = FreePorts.block(4);
            MinerConfig config = MinerConfig.defaults(dir, runtime(new HostPorts(new PortRange(first, first + 3),
                            "127.0.0.1")))
                    .withAxon("127.0.0.1", 0)
                    .withCallers(Set.of(API_HOTKEY.ss58Address()), false)
                    // allocate_hotkey asks for "a GPU if free" (docs/protocol.md §2.4); with none offered it still
                    // rents.
                    .withOffer(new MinerConfig.Offer(2, 2048 * MIB, 0));
            Miner miner = Miner.start(config, hotkey, Optional.empty());
            miners.add(miner);
            neurons.add(new Metagraph.Neuron(uid++, miner.hotkey(), miner.hotkey(), "127.0.0.1", miner.axonPort(), 0,
                    false, true));
        }
        Path metagraphFile = tmp.resolve("metagraph.json");
        Files.writeString(metagraphFile, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));

        String dbUrl = databaseUrl();
        ApiConfig config = new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), dbUrl, dbUrl == null ? null : "postgres",
                AuthMode.KEYS, List.of(), true, Duration.ofHours(1));
        api = ApiMain.start(config, API_HOTKEY, new StaticMetagraphSource(metagraphFile, 27),
                dbUrl == null ? null : "postgres",
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        // The first discovery round runs at start; wait for it to have the miners' specs.
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().listMiners().stream()
                .filter(m -> m.health() == Health.ONLINE && m.specsJson() != null).count() == 2);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
        for (Miner m : miners) m.close();
    }

    @Test
    void discovery_stores_each_miners_address_and_specs_from_the_specs_synapse() throws Exception {
        MinerRecord a = api.store().findMiner(MINER_A.ss58Address()).orElseThrow();
        assertThat(a.uid()).isEqualTo(0);
        assertThat(a.ip()).isEqualTo("127.0.0.1");
        assertThat(a.port()).isEqualTo(miners.get(0).axonPort());
        assertThat(JSON.readTree(a.specsJson()).path("cpu").path("count").asInt()).isPositive();
    }

    @Test
    void a_miner_that_stops_answering_is_marked_down_by_the_next_round() {
        miners.get(1).close();
        miners.remove(1);
        api.discovery().runOnce();
        assertThat(api.store().findMiner(MINER_B.ss58Address()).orElseThrow().health()).isEqualTo(Health.DOWN);
        assertThat(api.store().findMiner(MINER_A.ss58Address()).orElseThrow().health()).isEqualTo(Health.ONLINE);
    }

    @Test
    void allocate_spec_and_allocate_hotkey_give_working_ssh_and_deallocate_leaves_nothing() throws Exception {
        String renter = renterKey("acme");

        JsonNode spec = post("/service/allocate_spec", """
                {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 1},
                 "docker_requirement": {"ssh_key": ""}}""", renter);
        assertThat(spec.path("success").asBoolean()).as(spec.toString()).isTrue();
        JsonNode first = spec.path("data");
        assertLogin(first, "first-renter");

        String other = first.path("hotkey").asText().equals(MINER_A.ss58Address())
                ? MINER_B.ss58Address() : MINER_A.ss58Address();
        JsonNode pinned = allocateOnOtherMiner(other, renter);
        assertThat(pinned.path("success").asBoolean()).as(pinned.toString()).isTrue();
        JsonNode second = pinned.path("data");
        assertThat(second.path("hotkey").asText()).isEqualTo(other);
        assertLogin(second, "second-renter");
        assertThat(miners.stream().mapToInt(m -> m.ledger().live().size()).sum()).isEqualTo(2);
        Set<String> machineIds = new java.util.HashSet<>();
        for (Miner m : miners) m.ledger().live().forEach(a -> machineIds.add(a.id()));

        for (JsonNode allocation : List.of(first, second)) {
            JsonNode freed = post("/service/deallocate?hotkey=" + allocation.path("hotkey").asText() + "&uuid_key="
                    + allocation.path("uuid_key").asText(), null, renter);
            assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        }
        for (Miner m : miners) {
            assertThat(m.ledger().live()).as("live allocations on " + m.hotkey()).isEmpty();
            Path sandboxes = m.config().dataDir().resolve("sandbox");
            if (Files.isDirectory(sandboxes)) {
                try (Stream<Path> left = Files.list(sandboxes)) {
                    assertThat(left).as("sandbox machines left on " + m.hotkey()).isEmpty();
                }
            }
        }
        assertNoMachineLeft(machineIds);
        // The renter's login no longer works.
        int port = first.path("ssh_port").asInt();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SshPasswordLogin.run("127.0.0.1", port,
                first.path("ssh_username").asText(), first.path("ssh_password").asText(), "true"))
                .isInstanceOf(IOException.class);
    }

    /** The miners' runtime: sandbox here; subclasses run the same scenario on docker. */
    RuntimeSettings runtime(HostPorts ports) {
        return new SandboxSettings(ports);
    }

    /** allocate_hotkey on the miner the first allocation did not take. */
    JsonNode allocateOnOtherMiner(String hotkey, String renter) throws Exception {
        return post("/service/allocate_hotkey?hotkey=" + hotkey, null, renter);
    }

    /** The API's database: null for SQLite in the API's data directory; a PostgreSQL URL in a subclass. */
    String databaseUrl() {
        return null;
    }

    /** Runtime-specific proof that the machines with these allocation ids are gone (docker: no container). */
    void assertNoMachineLeft(Set<String> allocationIds) {
    }

    private static void assertLogin(JsonNode allocation, String marker) throws IOException {
        assertThat(allocation.path("ssh_ip").asText()).isEqualTo("127.0.0.1");
        String out = SshPasswordLogin.run("127.0.0.1", allocation.path("ssh_port").asInt(),
                allocation.path("ssh_username").asText(), allocation.path("ssh_password").asText(), "echo " + marker);
        assertThat(out).contains(marker);
    }

    private String renterKey(String tenant) throws Exception {
        JsonNode r = post("/admin/keys", "{\"tenant\":\"" + tenant + "\"}", ADMIN_KEY);
        return r.path("data").path("key").asText();
    }

    JsonNode post(String pathAndQuery, String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

}
