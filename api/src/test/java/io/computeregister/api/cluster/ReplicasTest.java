package io.computeregister.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.api.jobs.MinerFleet;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Health;
import io.computeregister.api.webhooks.WebhookReceiver;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.api.webhooks.WebhookTargets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two API replicas (two {@link ApiMain}s, each with its own HTTP port and data directory) on one embedded PostgreSQL
 * database, two real sandbox miners. Both serve HTTP; exactly one is leader; events committed through one reach the
 * other's LISTEN; concurrent allocations through both never double-book; when the leader stops, the other takes over
 * the jobs within 15 s (shown by a webhook its deliverer sends).
 */
class ReplicasTest {

    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_replica-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private MinerFleet fleet;
    private final List<ApiMain> replicas = new ArrayList<>();
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        for (ApiMain r : replicas) if (r != null) r.close();
        if (fleet != null) fleet.close();
        receiver.close();
    }

    @Test
    void two_replicas_never_double_book_share_events_and_fail_over_within_15_seconds() throws Exception {
        fleet = new MinerFleet(tmp, 2, API_HOTKEY);
        String dbUrl = EmbeddedPg.newDatabaseUrl();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        // Replicas share the database, so they must share the key that seals passwords and webhook secrets in it.
        Map<String, String> env = Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY,
                "COMPUTE_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        ApiMain a = start("a", dbUrl, env);
        ApiMain b = start("b", dbUrl, env);

        await().atMost(Duration.ofSeconds(15)).until(() -> a.cluster().leadership().isLeader()
                != b.cluster().leadership().isLeader());
        // The leader's discovery fills the store; the follower's index follows it (index-reload job).
        for (ApiMain r : replicas) {
            await().atMost(Duration.ofSeconds(40)).until(() -> r.server().minerIndex().snapshot().miners().stream()
                    .filter(m -> m.health() == Health.ONLINE && m.hardware() != null).count() == 2);
        }
        Set<Long> heardByB = ConcurrentHashMap.newKeySet();
        PgEventNotifier bEvents = b.cluster().events().orElseThrow();
        bEvents.subscribe(heardByB::add);
        await().atMost(Duration.ofSeconds(10)).until(bEvents::isListening);

        ApiClient viaA = new ApiClient(a.port());
        ApiClient viaB = new ApiClient(b.port());
        // GET /health tells the replicas apart: exactly the lock holder says leader.
        assertThat(viaA.send("GET", "/health", null, ADMIN_KEY).path("leader").asBoolean())
                .isEqualTo(a.cluster().leadership().isLeader());
        assertThat(viaB.send("GET", "/health", null, ADMIN_KEY).path("leader").asBoolean())
                .isEqualTo(b.cluster().leadership().isLeader());
        String renter = viaA.renterKey(ADMIN_KEY, "acme");
        receiver.expectSecret(viaB.registerWebhook(renter, receiver.url(), "compute"));

        // Eight concurrent allocate_spec calls, four through each replica, for two miners with room for two each.
        List<JsonNode> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ApiClient via = i % 2 == 0 ? viaA : viaB;
                calls.add(pool.submit(() -> via.allocateSpec(renter)));
            }
            for (Future<JsonNode> f : calls) answers.add(f.get());
        }
        List<JsonNode> won = answers.stream().filter(r -> r.path("success").asBoolean()).toList();
        Set<String> hotkeys = new HashSet<>();
        for (JsonNode w : won) hotkeys.add(w.path("data").path("hotkey").asText());
        assertThat(won).as(answers.toString()).hasSize(4);
        assertThat(hotkeys).as("both miners rented").hasSize(2);
        assertThat(a.store().listActiveAllocations(null)).hasSize(4);
        for (int m = 0; m < 2; m++) {
            String hotkey = fleet.miner(m).hotkey();
            assertThat(fleet.miner(m).ledger().live()).as("the ledger of " + hotkey + " agrees")
                    .hasSize((int) won.stream().filter(w -> w.path("data").path("hotkey").asText().equals(hotkey))
                            .count())
                    .hasSize(2);
        }

        // Both allocation events reached replica B through LISTEN/NOTIFY, whichever replica committed them.
        List<Long> created = a.store().eventsAfter(0, 100).stream()
                .filter(e -> e.type().equals("allocation.created")).map(Event::seq).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> heardByB.containsAll(created));

        // Stop the leader: the other replica takes the lock and runs the jobs within 15 s.
        ApiMain leader = a.cluster().leadership().isLeader() ? a : b;
        ApiMain survivor = leader == a ? b : a;
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.deduplicated().size() == 4);
        long stoppedAt = System.nanoTime();
        leader.close();
        replicas.set(replicas.indexOf(leader), null);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> survivor.cluster().leadership().isLeader());
        Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertThat(takeover).isLessThan(Duration.ofSeconds(15));
        assertThat(new ApiClient(survivor.port()).send("GET", "/health", null, ADMIN_KEY).path("leader").asBoolean())
                .isTrue();

        // Its webhook deliverer now runs: a deallocation through the survivor reaches the renter's receiver.
        AllocationRecord one = survivor.store().listActiveAllocations(null).get(0);
        ApiClient viaSurvivor = new ApiClient(survivor.port());
        JsonNode freed = viaSurvivor.post("/service/deallocate?hotkey=" + one.minerHotkey() + "&uuid_key="
                + one.uuid(), null, renter);
        assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> receiver.typesFor(one.uuid()).contains("allocation.deallocated"));
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(30));
        assertThat(receiver.all()).allMatch(WebhookReceiver.Received::signatureValid);
    }

    private ApiMain start(String name, String dbUrl, Map<String, String> env) {
        ApiConfig config = new ApiConfig("127.0.0.1", 0, tmp.resolve("api-" + name), dbUrl, EmbeddedPg.USER,
                AuthMode.KEYS, List.of(), true, Duration.ofHours(1))
                .withWebhookTargets(WebhookTargets.ANY);
        ApiMain api = ApiMain.start(config, JobsConfig.defaults(), API_HOTKEY, fleet.metagraph(), EmbeddedPg.PASSWORD,
                env, new PrintStream(new ByteArrayOutputStream()));
        replicas.add(api);
        return api;
    }
}
