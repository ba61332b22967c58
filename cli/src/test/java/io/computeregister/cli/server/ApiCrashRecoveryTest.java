package io.computeregister.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.TestImage;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code compute api} as a separate JVM, SIGKILLed in the middle of an allocation: the real miner (in this JVM) is
 * starting the container or has started it, and its answer has not reached the API. After a restart on the same
 * database the API must tell the miner to remove that container and free the miner, so nothing is orphaned and the
 * next allocation of the miner succeeds.
 */
class ApiCrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final Keypair MINER = Keypair.fromSuri("//Bob");
    private static final String ADMIN_KEY = "cr_crash-test-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    private static final String SPEC = """
            {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 1},
             "docker_requirement": {"ssh_key": ""}}""";

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Miner miner;
    private StallingProxy proxy;

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        if (proxy != null) proxy.close();
        if (miner != null) miner.close();
    }

    /**
     * sandbox: the kill lands after the miner started the machine, while its answer is held back by the proxy.
     * docker: the kill lands as soon as the miner admitted the allocation, while the container is still starting.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "docker"})
    void an_api_killed_with_sigkill_mid_allocation_removes_the_miners_container_after_restart(String runtime)
            throws Exception {
        int sshPort = ApiProcess.freePort();
        HostPorts ports = new HostPorts(new PortRange(sshPort, sshPort), "127.0.0.1");
        RuntimeSettings settings = runtime.equals("docker")
                ? new DockerSettings(DockerEngine.host(), TestImage.ensureBuilt(), ports)
                : new SandboxSettings(ports);
        miner = Miner.start(MinerConfig.defaults(tmp.resolve("miner"), settings)
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(1, 1L << 30, 0)), MINER, Optional.empty());
        proxy = new StallingProxy(miner.axonPort());
        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of(
                new Metagraph.Neuron(0, MINER.ss58Address(), MINER.ss58Address(), "127.0.0.1", proxy.port(), 0,
                        false, true)))));
        int apiPort = ApiProcess.freePort();
        List<String> args = List.of("api", "--hotkey", "//Alice", "--host", "127.0.0.1", "--port",
                Integer.toString(apiPort), "--data-dir", tmp.resolve("api").toString(), "--metagraph",
                "static:" + metagraph);

        Process first = startApi(args);
        String base = "http://127.0.0.1:" + apiPort;
        awaitMinerPlaceable(base);
        String renter = post(base, "/admin/keys", "{\"tenant\":\"acme\"}", ADMIN_KEY).path("data").path("key").asText();

        // allocate_spec places the request on the one miner there is.
        CompletableFuture<HttpResponse<String>> cut =
                http.sendAsync(request(base, "/service/allocate_spec", SPEC, renter), HttpResponse.BodyHandlers.ofString());
        if (runtime.equals("docker")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> miner.ledger().live().size() == 1);
        } else {
            await().atMost(Duration.ofSeconds(60)).until(() -> miner.ledger().live().size() == 1 && proxy.held.get() > 0);
        }
        String allocationId = miner.ledger().live().getFirst().id();
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(cut).failsWithin(Duration.ofSeconds(60));
        assertThat(miner.ledger().live()).as("the machine the dead API never recorded").hasSize(1);

        proxy.stall.set(false);
        startApi(args);
        await().atMost(Duration.ofSeconds(60)).until(() -> miner.ledger().live().isEmpty());
        if (runtime.equals("docker")) {
            assertThat(DockerEngine.requireOrSkip().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("io.computeregister.allocation", allocationId)).exec())
                    .as("containers of the orphan candidate").isEmpty();
        }
        try (Stream<Path> machines = listOrEmpty(tmp.resolve("miner").resolve("sandbox"))) {
            assertThat(machines).as("sandbox machines left on the miner").isEmpty();
        }

        // The reservation is gone: the miner can be allocated again, and it holds exactly that one allocation.
        JsonNode again = post(base, "/service/allocate_spec", SPEC, renter);
        assertThat(again.path("success").asBoolean()).as(again.toString()).isTrue();
        assertThat(miner.ledger().live()).hasSize(1);
        JsonNode freed = post(base, "/service/deallocate?hotkey=" + MINER.ss58Address() + "&uuid_key="
                + again.path("data").path("uuid_key").asText(), null, renter);
        assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        assertThat(miner.ledger().live()).isEmpty();
    }

    private void awaitMinerPlaceable(String base) {
        String body = SPEC;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode r = post(base, "/service/allocate_spec?dry_run=true", body, ADMIN_KEY);
            return r.path("data").path("top").toString().contains(MINER.ss58Address());
        });
    }

    private Process startApi(List<String> args) throws IOException {
        Process process = ApiProcess.start(tmp, args, Map.of("COMPUTE_ADMIN_KEY", ADMIN_KEY));
        started.add(process);
        return process;
    }

    private HttpRequest request(String base, String pathAndQuery, String body, String key) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private JsonNode post(String base, String pathAndQuery, String body, String key) throws Exception {
        return JSON.readTree(http.send(request(base, pathAndQuery, body, key), HttpResponse.BodyHandlers.ofString())
                .body());
    }

    private static Stream<Path> listOrEmpty(Path dir) throws IOException {
        return Files.isDirectory(dir) ? Files.list(dir) : Stream.empty();
    }
}
