package io.computeregister.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.Health;
import io.computeregister.api.webhooks.WebhookTargets;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.Runtimes;
import io.computeregister.miner.image.SshTestImage;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerConnection;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code compute demo} runs in one process: N miners (dev hotkeys //Bob, //Charlie, ...) on loopback, a
 * static metagraph listing them, and the register API (hotkey //Alice, allowlisted on every miner) over SQLite. The
 * demo owns every allocation, so {@link #close()} ends them all (through the API, then directly on the miners for
 * anything the API did not know about) before stopping: no container or sandbox outlives the demo.
 */
final class DemoStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoStack.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String API_SURI = "//Alice";
    private static final List<String> MINER_SURIS = List.of("//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie");
    /** SSH ports each miner may publish (one per allocation). */
    static final int PORTS_PER_MINER = 10;
    private static final Duration DISCOVERY_WAIT = Duration.ofSeconds(90);

    /** {@code --runtime auto}: docker when an engine answers, else the sandbox. */
    static final String AUTO = "auto";

    /** What to start. {@code runtime} is a runtime's name or {@link #AUTO}. */
    record Options(Path dataDir, String host, int port, int miners, String runtime, String dockerHost,
                   int sshPortsFrom) {}

    /**
     * The runtime chosen and why (printed: the user must know whether real containers run).
     *
     * @param name    the runtime's name in the registry
     * @param machine what an allocation is on it, for the banner: "container" or "sandbox"
     */
    record RuntimeChoice(String name, String machine, String reason) {}

    /** A started miner with what the banner shows. */
    record DemoMiner(String suri, Miner miner, PortRange sshPorts) {}

    private final Options options;
    private final RuntimeChoice runtime;
    private final List<DemoMiner> miners;
    private final ApiMain api;
    private final String adminKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DemoStack(Options options, RuntimeChoice runtime, List<DemoMiner> miners, ApiMain api, String adminKey) {
        this.options = options;
        this.runtime = runtime;
        this.miners = miners;
        this.api = api;
        this.adminKey = adminKey;
    }

    /**
     * Starts miners, metagraph and API, and waits until the API has every miner's specs. Nothing is left running
     * when this throws; {@link IllegalArgumentException}/{@link IllegalStateException} messages are for the user.
     */
    static DemoStack start(Options options, String adminKey, Consumer<String> progress) {
        RuntimeChoice runtime = chooseRuntime(options, progress);
        List<DemoMiner> miners = new ArrayList<>();
        ApiMain api = null;
        try {
            Keypair apiHotkey = Keypair.fromSuri(API_SURI);
            List<Metagraph.Neuron> neurons = new ArrayList<>();
            for (int i = 0; i < options.miners(); i++) {
                String suri = i < MINER_SURIS.size() ? MINER_SURIS.get(i) : "//Miner" + (i + 1);
                int first = options.sshPortsFrom() + i * PORTS_PER_MINER;
                PortRange ports = new PortRange(first, first + PORTS_PER_MINER - 1);
                RuntimeSettings settings = Runtimes.settings(runtime.name(), new Runtimes.Options(options.dockerHost(),
                        java.util.Map.of("ssh-test", SshTestImage.DEFAULT_TAG), new HostPorts(ports, "127.0.0.1")));
                MinerConfig config = MinerConfig.defaults(options.dataDir().resolve("miners").resolve(suri.substring(2))
                                .toAbsolutePath(), settings)
                        .withAxon("127.0.0.1", 0)
                        .withCallers(Set.of(apiHotkey.ss58Address()), false)
                        .withOffer(new MinerConfig.Offer(Math.min(2, Runtime.getRuntime().availableProcessors()),
                                2L << 30, 0));
                Miner miner = Miner.start(config, Keypair.fromSuri(suri), Optional.empty());
                miners.add(new DemoMiner(suri, miner, ports));
                neurons.add(new Metagraph.Neuron(i, miner.hotkey(), miner.hotkey(), "127.0.0.1", miner.axonPort(), 0,
                        false, true));
                progress.accept(String.format("miner %-9s %s  axon 127.0.0.1:%d  ssh ports %d-%d", suri,
                        miner.hotkey(), miner.axonPort(), ports.first(), ports.last()));
            }
            Path metagraph = options.dataDir().resolve("metagraph.json");
            Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));

            Map<String, String> env = new HashMap<>(System.getenv());
            env.put(AdminBootstrap.ENV_ADMIN_KEY, adminKey);
            // The demo's market is local: a W&B key in the developer's shell must not make it read or write the real
            // subnet's W&B project.
            env.remove("WANDB_API_KEY");
            ApiConfig config = new ApiConfig(options.host(), options.port(), options.dataDir().resolve("api"), null,
                    null, AuthMode.KEYS, List.of(), true, Duration.ofMinutes(1))
                    // A local market: a receiver on this machine is the natural way to try webhooks.
                    .withWebhookTargets(WebhookTargets.ANY);
            api = ApiMain.start(config, apiHotkey, new StaticMetagraphSource(metagraph, 27), null, env,
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            progress.accept("register API on http://" + options.host() + ":" + api.port() + " (hotkey " + API_SURI
                    + " " + apiHotkey.ss58Address() + ", SQLite in " + options.dataDir().resolve("api") + ")");
            progress.accept("waiting for the API to discover " + options.miners() + " miner(s) (Specs synapse)...");
            awaitDiscovery(api, options.miners());
            DemoStack stack = new DemoStack(options, runtime, miners, api, adminKey);
            int left = stack.releaseAllocations();
            if (left > 0) progress.accept("removed " + left + " allocation(s) left by an earlier demo run");
            return stack;
        } catch (IOException e) {
            stopAll(api, miners);
            throw new UncheckedIOException("cannot write to " + options.dataDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            stopAll(api, miners);
            throw e;
        }
    }

    private static void awaitDiscovery(ApiMain api, int expected) {
        Instant deadline = Instant.now().plus(DISCOVERY_WAIT);
        while (discovered(api) < expected) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the API discovered only " + discovered(api) + " of " + expected
                        + " miners within " + DISCOVERY_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for miner discovery");
            }
        }
    }

    private static long discovered(ApiMain api) {
        return api.store().listMiners().stream()
                .filter(m -> m.health() == Health.ONLINE && m.specsJson() != null).count();
    }

    /**
     * docker when asked or (auto) when an engine answers and the SSH test image is there or can be built; else the
     * sandbox. The demo prefers real containers, so this choice names the two runtimes it knows.
     */
    static RuntimeChoice chooseRuntime(Options options, Consumer<String> progress) {
        String asked = options.runtime();
        if (asked.equals(SandboxSettings.NAME)) {
            return sandbox("asked for with --runtime sandbox");
        }
        String host = options.dockerHost() == null ? DockerConnection.DEFAULT_HOST : options.dockerHost();
        String unusable;
        if (host.startsWith("unix://") && !Files.exists(Path.of(host.substring("unix://".length())))) {
            unusable = "no Docker engine socket at " + host;
        } else {
            try (DockerClient docker = DockerConnection.open(host, Duration.ofMinutes(5))) {
                docker.pingCmd().exec();
                progress.accept("Docker engine at " + host + " answers; making sure the SSH test image is built...");
                SshTestImage.Result image = SshTestImage.ensureBuilt(docker, SshTestImage.DEFAULT_TAG, false);
                return new RuntimeChoice(DockerSettings.NAME, "container", "Docker engine at " + host + " answers; "
                        + "allocations are containers of " + image.tag() + (image.built() ? " (just built)" : ""));
            } catch (SshTestImage.MissingHostTools e) {
                unusable = "cannot build the SSH test image: " + e.getMessage();
            } catch (IOException | RuntimeException e) {
                unusable = "no Docker engine answers at " + host + " (" + e.getMessage() + ")";
            }
        }
        if (asked.equals(DockerSettings.NAME)) {
            throw new IllegalStateException("--runtime docker: " + unusable);
        }
        return sandbox(unusable + "; allocations are embedded SSH sandboxes instead of containers");
    }

    private static RuntimeChoice sandbox(String reason) {
        return new RuntimeChoice(SandboxSettings.NAME, "sandbox", reason);
    }

    RuntimeChoice runtime() {
        return runtime;
    }

    List<DemoMiner> miners() {
        return miners;
    }

    int port() {
        return api.port();
    }

    String baseUrl() {
        return "http://" + options.host() + ":" + api.port();
    }

    String adminKey() {
        return adminKey;
    }

    /**
     * Deallocates every active allocation through the API (admins may act on all), so store and miners agree.
     * Returns how many were ended; failures are logged (close() still removes them on the miners).
     */
    int releaseAllocations() {
        int released = 0;
        try {
            JsonNode list = post("/list/allocations_sql");
            for (JsonNode a : list.path("data")) {
                String query = "/service/deallocate?hotkey=" + encode(a.path("hotkey").asText()) + "&uuid_key="
                        + encode(a.path("uuid_key").asText());
                JsonNode reply = post(query);
                if (reply.path("success").asBoolean()) released++;
                else log.warn("deallocating {} failed: {}", a.path("uuid_key").asText(), reply);
            }
        } catch (IOException e) {
            log.warn("listing demo allocations failed: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return released;
    }

    private JsonNode post(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminKey)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Ends every allocation (API first, then the miners directly), then stops the API and the miners. */
    @Override
    public void close() {
        int released = releaseAllocations();
        if (released > 0) log.info("demo: deallocated {} allocation(s) through the API", released);
        stopAll(api, miners);
        http.close();
    }

    private static void stopAll(ApiMain api, List<DemoMiner> miners) {
        if (api != null) api.close();
        for (DemoMiner m : miners) {
            try {
                int removed = m.miner().removeAll();
                if (removed > 0) log.info("demo: removed {} allocation(s) on {}", removed, m.suri());
            } catch (RuntimeException e) {
                log.warn("demo: removing allocations on {} failed: {}", m.suri(), e.getMessage());
            }
            m.miner().close();
        }
    }
}
