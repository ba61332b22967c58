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
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code compute api} processes (separate JVMs) on one embedded PostgreSQL. The leader is SIGKILLed: no shutdown
 * hook, no clean release of the advisory lock; its database session dies with the process. The other replica must
 * take the lock within 15 s, say so on {@code /health}, and run the leader-only jobs: a miner that joins the metagraph
 * after the kill is discovered (asked for its specs and written to the store) by the survivor.
 */
class LeaderKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_leader-kill-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> started = new ArrayList<>();
    private final List<Miner> miners = new ArrayList<>();
    private EmbeddedPostgres pg;

    @AfterEach
    void stop() throws Exception {
        for (Process p : started) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (Miner m : miners) m.close();
        if (pg != null) pg.close();
    }

    @Test
    void a_leader_killed_with_sigkill_hands_the_jobs_to_the_other_replica_within_15_seconds() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        Miner bob = miner(Keypair.fromSuri("//Bob"));
        Path metagraph = tmp.resolve("metagraph.json");
        writeMetagraph(metagraph, List.of(bob));

        byte[] sealKey = new byte[32];
        new SecureRandom().nextBytes(sealKey);
        // Replicas share the database, so they share the key that seals secrets in it; the password stays in env.
        Map<String, String> env = Map.of("COMPUTE_ADMIN_KEY", ADMIN_KEY,
                "COMPUTE_SECRET_KEY", Base64.getEncoder().encodeToString(sealKey),
                "COMPUTE_DB_PASSWORD", "postgres");
        String db = pg.getJdbcUrl("postgres", "postgres");
        int portA = ApiProcess.freePort();
        int portB = ApiProcess.freePort();
        Process a = startApi("a", portA, db, metagraph, env);
        Process b = startApi("b", portB, db, metagraph, env);

        // Exactly one leader, and its discovery fills the shared store (both replicas list the miner).
        await().atMost(Duration.ofSeconds(20)).until(() -> leader(portA) != leader(portB));
        for (int port : List.of(portA, portB)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> resources(port).contains(bob.hotkey()));
        }
        boolean aLeads = leader(portA);
        Process leader = aLeads ? a : b;
        int survivorPort = aLeads ? portB : portA;

        long killedAt = System.nanoTime();
        leader.destroyForcibly();
        assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(leader.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> leader(survivorPort));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(takeover).isLessThan(Duration.ofSeconds(15));

        // The leader-only discovery job now runs on the survivor: a miner added after the kill reaches the store.
        Miner charlie = miner(Keypair.fromSuri("//Charlie"));
        writeMetagraph(metagraph, List.of(bob, charlie));
        await().atMost(Duration.ofSeconds(20)).until(() -> resources(survivorPort).contains(charlie.hotkey()));
        assertThat(resources(survivorPort)).contains(bob.hotkey());
    }

    private Miner miner(Keypair hotkey) throws Exception {
        int ssh = ApiProcess.freePort();
        Miner m = Miner.start(MinerConfig.defaults(tmp.resolve("miner-" + miners.size()),
                        new SandboxSettings(new HostPorts(new PortRange(ssh, ssh), "127.0.0.1")))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(1, 1L << 30, 0)), hotkey, Optional.empty());
        miners.add(m);
        return m;
    }

    private static void writeMetagraph(Path file, List<Miner> fleet) throws Exception {
        List<Metagraph.Neuron> neurons = new ArrayList<>();
        for (Miner m : fleet) {
            neurons.add(new Metagraph.Neuron(neurons.size(), m.hotkey(), m.hotkey(), "127.0.0.1", m.axonPort(), 0,
                    false, true));
        }
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private Process startApi(String name, int port, String db, Path metagraph, Map<String, String> env)
            throws Exception {
        Process p = ApiProcess.start(tmp, List.of("api", "--hotkey", "//Alice", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--data-dir", tmp.resolve("api-" + name).toString(),
                "--db", db, "--db-user", "postgres", "--metagraph", "static:" + metagraph,
                "--discovery-period", "1"), env);
        started.add(p);
        return p;
    }

    private boolean leader(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("leader").asBoolean();
        } catch (Exception e) {
            return false;
        }
    }

    private String resources(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/list/resources_sql"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        return body.path("data").path("page_items").toString();
    }
}
