package io.computeregister.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.allocation.SshCheck;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.TestImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults under load, through real parts: the register API (in this JVM, short job periods) with two {@code compute
 * miner} processes on the docker runtime, four renters allocating, logging in over SSH and deallocating at once, while
 * a miner is SIGKILLed (and started again) or SIGSTOPped (and resumed) at random. Once the faults stop and the jobs
 * have had their rounds, each miner's running containers are exactly the allocations its ledger holds, and those are
 * exactly the allocations the API holds there; deallocating everything then leaves no container.
 *
 * <p>A single-fault test passes paths that this one does not: a deallocate that lands on a frozen miner, an allocate
 * cut by a kill between admission and answer, a restart that adopts a container the API has already ended. The seed
 * is printed ({@code -Dfaults.seed=N} replays the same schedule of faults), and so is what happened, so a reader sees
 * the run was not idle. {@code -Dfaults.seconds=N} sets how long faults are injected (default 100).
 */
class FaultInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final List<String> MINER_SURIS = List.of("//Bob", "//Charlie");
    private static final List<Keypair> MINERS = MINER_SURIS.stream().map(Keypair::fromSuri).toList();
    private static final String ADMIN_KEY = "cr_fault-test-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final int RENTERS = 4;
    private static final int SSH_PORTS_PER_MINER = 4;
    private static final String SPEC = """
            {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 1},
             "docker_requirement": {"ssh_key": ""}}""";

    @TempDir
    Path tmp;

    private final List<MinerProcess> miners = new ArrayList<>();
    private final List<int[]> sshRanges = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SshClient ssh = sshClient();
    private final ConcurrentMap<String, AtomicInteger> tally = new ConcurrentHashMap<>();
    private ApiMain api;
    private String base;

    @AfterEach
    void stop() throws Exception {
        for (MinerProcess m : miners) m.close();
        if (api != null) api.close();
        ssh.stop();
    }

    @Test
    void miners_killed_and_frozen_under_load_leave_exactly_the_containers_the_api_holds() throws Exception {
        DockerClient docker = DockerEngine.requireOrSkip();
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Duration faultPhase = Duration.ofSeconds(Long.getLong("faults.seconds", 100));
        System.out.println("fault injection: seed " + seed + " (-Dfaults.seed=" + seed + " replays the faults), "
                + faultPhase.toSeconds() + " s of faults, " + RENTERS + " renters, " + MINERS.size() + " miners");

        startMinersAndApi(MINERS.size(), AllocationSettings.defaults(true));

        // Renters allocate, log in, hold a while and deallocate, until told to stop; each may keep its last one.
        AtomicBoolean running = new AtomicBoolean(true);
        List<Renter> renters = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < RENTERS; i++) {
            Renter r = new Renter(post("/admin/keys", "{\"tenant\":\"renter-" + i + "\"}", ADMIN_KEY)
                    .path("data").path("key").asText(), new Random(seed + i + 1));
            renters.add(r);
            threads.add(Thread.ofVirtual().start(() -> r.work(running)));
        }

        // Faults: every 6-15 s one miner is killed (and started again 2-6 s later) or frozen (and resumed 3-12 s later).
        Random faults = new Random(seed);
        List<String> faultLog = new ArrayList<>();
        Instant end = Instant.now().plus(faultPhase);
        while (Instant.now().isBefore(end)) {
            Thread.sleep(6_000 + faults.nextInt(9_000));
            int i = faults.nextInt(miners.size());
            MinerProcess m = miners.get(i);
            boolean kill = faults.nextBoolean();
            long pause = kill ? 2_000 + faults.nextInt(4_000) : 3_000 + faults.nextInt(9_000);
            faultLog.add((kill ? "SIGKILL" : "SIGSTOP") + " miner-" + i + " for " + pause + " ms");
            if (kill) {
                m.kill();
                Thread.sleep(pause);
                m.restart();
            } else {
                m.freeze();
                Thread.sleep(pause);
                m.resume();
            }
        }
        running.set(false);
        for (Thread t : threads) t.join(Duration.ofMinutes(3));
        System.out.println("fault injection: faults " + faultLog);
        System.out.println("fault injection: renters " + new TreeMap<>(tally));
        assertThat(tally.getOrDefault("allocated", new AtomicInteger()).get()).as("allocations made under faults")
                .isGreaterThan(0);
        assertThat(faultLog).as("faults injected").isNotEmpty();

        // Every miner is up again; once the jobs have had their rounds, containers = ledger = what the API holds.
        // The bound is the API's own: a failed attempt whose cleanup the miner did not confirm keeps its reservation
        // for the pending TTL (AllocationSettings.pendingTtl, 222 s by default) before the recovery sweep asks again.
        await().atMost(Duration.ofSeconds(330)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (int i = 0; i < miners.size(); i++) assertConsistent(docker, i);
        });
        for (int i = 0; i < miners.size(); i++) {
            System.out.println("fault injection: miner-" + i + " holds " + ledgerLive(i).size()
                    + " allocation(s) after the faults, as the API does");
        }

        // Deallocating everything leaves no container, on the miners or anywhere in their port ranges.
        for (Renter r : renters) r.releaseAll();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (int i = 0; i < miners.size(); i++) {
                assertThat(containers(docker, i)).as("containers left on miner-" + i).isEmpty();
                assertThat(ledgerLive(i)).as("ledger rows left on miner-" + i).isEmpty();
            }
            assertThat(api.store().listActiveAllocations(null)).as("allocations the API still holds").isEmpty();
        });
    }

    /**
     * {@code count} miner processes (docker runtime, 2 cores and 2 GiB each: one renter's request at a time as the
     * API places it) and the API in this JVM with short job periods, once its discovery lists every miner.
     */
    private void startMinersAndApi(int count, AllocationSettings allocation) throws Exception {
        String image = TestImage.ensureBuilt();
        List<Metagraph.Neuron> neurons = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int axonPort = ApiProcess.freePort();
            int[] range = freeRange(SSH_PORTS_PER_MINER);
            sshRanges.add(range);
            Path dataDir = Files.createDirectories(tmp.resolve("miner-" + i));
            miners.add(MinerProcess.start(List.of("miner", "--hotkey", MINER_SURIS.get(i), "--host", "127.0.0.1",
                    "--port", Integer.toString(axonPort), "--runtime", "docker",
                    "--image", image, "--ssh-ports", range[0] + "-" + range[1], "--ssh-host", "127.0.0.1",
                    "--allow-hotkey", API.ss58Address(), "--data-dir", dataDir.toString(),
                    "--offer-cpus", "2", "--offer-memory-gib", "2"), tmp));
            neurons.add(new Metagraph.Neuron(i, MINERS.get(i).ss58Address(), MINERS.get(i).ss58Address(),
                    "127.0.0.1", axonPort, 0, false, true));
        }
        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));

        JobsConfig jobs = JobsConfig.defaults().withHealth(Duration.ofSeconds(2), 2).withExpiry(Duration.ofSeconds(2))
                .withReconcile(Duration.ofSeconds(3)).withProbeTimeout(Duration.ofSeconds(4));
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofSeconds(2)).withAllocation(allocation), jobs, API,
                new StaticMetagraphSource(metagraph, 27), null, Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY),
                new PrintStream(new ByteArrayOutputStream()));
        base = "http://127.0.0.1:" + api.port();
        List<Keypair> started = MINERS.subList(0, count);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode r = post("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY);
            String top = r.path("data").path("top").toString();
            return started.stream().allMatch(k -> top.contains(k.ss58Address()));
        });
    }

    /**
     * A miner frozen (SIGSTOP) right after it admitted an allocation, for longer than the API waits: the API gives
     * the request up, but its cleanup deallocate gets no answer, so the miner stays held and a second renter is not
     * placed on it. Resumed, the miner finishes the container and removes it again (its caller is gone); the
     * recovery sweep gets the miner's answer and frees it. No container the API does not know about is left.
     */
    @Test
    void a_miner_frozen_mid_allocation_and_resumed_later_leaves_no_unknown_container_and_takes_no_second_renter()
            throws Exception {
        DockerClient docker = DockerEngine.requireOrSkip();
        // Short waits, so the API gives up while the miner is frozen: probe 3 s, allocate 8 s, deallocate 3 s.
        startMinersAndApi(1, new AllocationSettings(Duration.ofSeconds(3), Duration.ofSeconds(8),
                Duration.ofSeconds(3), 1, 3, SshCheck.tcp(Duration.ofSeconds(10), Duration.ofSeconds(2)),
                Duration.ofSeconds(10)));
        String first = post("/admin/keys", "{\"tenant\":\"first\"}", ADMIN_KEY).path("data").path("key").asText();
        String second = post("/admin/keys", "{\"tenant\":\"second\"}", ADMIN_KEY).path("data").path("key").asText();
        String hotkey = MINERS.get(0).ss58Address();

        var cut = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return post("/service/allocate_spec", SPEC, first);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> ledgerLive(0).size() == 1);
        miners.get(0).freeze();
        JsonNode gaveUp = cut.get(2, java.util.concurrent.TimeUnit.MINUTES);
        assertThat(gaveUp.path("success").asBoolean()).as(gaveUp.toString()).isFalse();

        // Frozen, holding (or about to hold) a container: the miner is still held, nobody else is placed there.
        assertThat(api.store().heldMiners()).contains(hotkey);
        JsonNode meanwhile = post("/service/allocate_spec", SPEC, second);
        assertThat(meanwhile.path("success").asBoolean()).as("placed on a frozen miner: " + meanwhile).isFalse();
        assertThat(api.store().listActiveAllocations(null)).isEmpty();

        miners.get(0).resume();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertThat(containers(docker, 0)).as("containers the API does not know about").isEmpty();
            assertThat(ledgerLive(0)).as("the miner's ledger").isEmpty();
            assertThat(api.store().heldMiners()).as("held miners").doesNotContain(hotkey);
        });

        // Free again: the second renter gets it, logs in, and that container is the only one, the API's.
        JsonNode placed = post("/service/allocate_spec", SPEC, second);
        assertThat(placed.path("success").asBoolean()).as(placed.toString()).isTrue();
        assertThat(new Renter(second, new Random(0)).login(placed.path("data"))).as("SSH login").isTrue();
        assertConsistent(docker, 0);
        assertThat(containers(docker, 0)).hasSize(1);
        JsonNode freed = post("/service/deallocate?hotkey=" + hotkey + "&uuid_key="
                + placed.path("data").path("uuid_key").asText(), null, second);
        assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        assertThat(containers(docker, 0)).isEmpty();
    }

    /** Running containers, the miner's ledger and the API's active allocations name the same allocations. */
    private void assertConsistent(DockerClient docker, int i) {
        List<Allocation> live = ledgerLive(i);
        Set<String> ledgerIds = live.stream().map(Allocation::id).collect(Collectors.toCollection(TreeSet::new));
        assertThat(containers(docker, i)).as("containers of miner-" + i + " vs its ledger").isEqualTo(ledgerIds);
        // compared stripped: the miner stores the PEM as it parsed it, without the API's trailing newline
        Set<String> ledgerKeys = live.stream().map(l -> l.renterPublicKey().strip())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> apiKeys = api.store().listActiveAllocations(null).stream()
                .filter(a -> a.minerHotkey().equals(MINERS.get(i).ss58Address()))
                .map(a -> a.regkey().strip()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(ledgerKeys).as("allocations miner-" + i + " holds vs those the API holds there")
                .isEqualTo(apiKeys);
    }

    private List<Allocation> ledgerLive(int i) {
        try (Ledger ledger = Ledger.open(tmp.resolve("miner-" + i))) {
            return ledger.live();
        }
    }

    /** The allocation ids of the running containers published on miner i's SSH port range. */
    private Set<String> containers(DockerClient docker, int i) {
        int[] range = sshRanges.get(i);
        Set<String> ids = new TreeSet<>();
        for (Container c : docker.listContainersCmd().withLabelFilter(Map.of("io.computeregister.managed", "true"))
                .exec()) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getPublicPort() != null && p.getPublicPort() >= range[0] && p.getPublicPort() <= range[1]) {
                    ids.add(c.getLabels().get("io.computeregister.allocation"));
                }
            }
        }
        return ids;
    }

    /** One renter: its own tenant key, what it holds, its own random schedule. */
    private final class Renter {
        private final String key;
        private final Random random;
        private final List<JsonNode> held = new ArrayList<>();

        Renter(String key, Random random) {
            this.key = key;
            this.random = random;
        }

        void work(AtomicBoolean running) {
            while (running.get()) {
                try {
                    JsonNode r = post("/service/allocate_spec", SPEC, key);
                    if (!r.path("success").asBoolean()) {
                        count("refused: " + reason(r.path("message").asText()));
                        Thread.sleep(500 + random.nextInt(1_500));
                        continue;
                    }
                    JsonNode a = r.path("data");
                    held.add(a);
                    count("allocated");
                    count(login(a) ? "ssh login ok" : "ssh login failed (miner frozen or killed)");
                    Thread.sleep(1_000 + random.nextInt(4_000));
                    if (running.get() || random.nextBoolean()) release(a);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    count("error: " + e.getClass().getSimpleName());
                }
            }
        }

        void releaseAll() throws Exception {
            for (JsonNode a : List.copyOf(held)) release(a);
        }

        private void release(JsonNode a) throws Exception {
            JsonNode r = post("/service/deallocate?hotkey=" + a.path("hotkey").asText() + "&uuid_key="
                    + a.path("uuid_key").asText(), null, key);
            held.remove(a);
            count(r.path("success").asBoolean() ? "deallocated" : "deallocate answered: " + reason(
                    r.path("message").asText()));
        }

        boolean login(JsonNode a) {
            try (ClientSession s = ssh.connect(a.path("ssh_username").asText(), "127.0.0.1",
                    a.path("ssh_port").asInt()).verify(Duration.ofSeconds(5)).getSession()) {
                s.addPasswordIdentity(a.path("ssh_password").asText());
                s.auth().verify(Duration.ofSeconds(5));
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    private void count(String what) {
        tally.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    /** A refusal's message without the hotkeys and ids in it, so the tally groups alike refusals. */
    private static String reason(String message) {
        String m = message.replaceAll("5[1-9A-HJ-NP-Za-km-z]{47}", "<hotkey>").replaceAll("[0-9a-f-]{36}", "<uuid>");
        return m.length() > 80 ? m.substring(0, 80) : m;
    }

    private JsonNode post(String pathAndQuery, String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(180))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static SshClient sshClient() {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier((session, address, key) -> true);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.start();
        return c;
    }

    /** A run of n consecutive ports free at this moment (the miner binds them only when it starts a container). */
    private static int[] freeRange(int n) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = ApiProcess.freePort();
            if (first + n - 1 > 65535) continue;
            boolean free = true;
            for (int p = first + 1; p < first + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    free = s.getLocalPort() == p;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) return new int[] {first, first + n - 1};
        }
        throw new IOException("no run of " + n + " free ports found");
    }
}
