package io.computeregister.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.cluster.EmbeddedPg;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.store.SecretBox;
import io.computeregister.api.store.Store;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A renter's receiver that refuses (503) for a while, then accepts. Meanwhile allocations change state (each change
 * writes its outbox event in the same transaction) and the API is stopped and started again. Afterwards the receiver
 * has every event, exactly once after de-duplication by event id, in order per allocation, each validly signed.
 */
class WebhookDeliveryTest {

    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_hooks-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private ApiMain api;
    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void stop() {
        if (api != null) api.close();
        receiver.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgres"})
    void a_receiver_down_for_a_while_gets_every_event_once_in_order_signed_across_an_api_restart(String db)
            throws Exception {
        String dbUrl = db.equals("postgres") ? EmbeddedPg.newDatabaseUrl() : null;
        api = start(dbUrl);
        ApiClient client = new ApiClient(api.port());
        String renter = client.renterKey(ADMIN_KEY, "acme");
        receiver.expectSecret(client.registerWebhook(renter, receiver.url(), "compute"));
        String tenantId = api.store().findTenantByName("acme").orElseThrow().id();
        client.renterKey(ADMIN_KEY, "other");
        String otherTenant = api.store().findTenantByName("other").orElseThrow().id();

        receiver.refusing.set(true);
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) mine.add(allocate(api.store(), tenantId, "miner-" + i));
        allocate(api.store(), otherTenant, "miner-9"); // another renter's: must not reach this receiver
        end(api.store(), mine.get(0));
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.refused.get() >= 3);

        // The API goes away mid-outage and comes back; two more state changes happen after the restart.
        api.close();
        api = start(dbUrl);
        end(api.store(), mine.get(1));
        end(api.store(), mine.get(2));
        int refusedBefore = receiver.refused.get();
        await().atMost(Duration.ofSeconds(15)).until(() -> receiver.refused.get() > refusedBefore);
        assertThat(receiver.all()).isEmpty();

        receiver.refusing.set(false);
        List<Event> expected = api.store().eventsAfter(0, 1000).stream()
                .filter(e -> mine.contains(e.allocationUuid())).toList();
        assertThat(expected).as(expected.toString()).hasSize(6);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> receiver.deduplicated().size() >= expected.size());
        Thread.sleep(1500); // a little longer: nothing else may arrive

        List<WebhookReceiver.Received> got = receiver.deduplicated();
        assertThat(got).extracting(WebhookReceiver.Received::eventId)
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(e -> Long.toString(e.seq())).toList());
        assertThat(receiver.all()).allMatch(WebhookReceiver.Received::signatureValid);
        // In order per allocation: each allocation's events arrive in seq order.
        Map<String, Long> lastSeq = new HashMap<>();
        for (WebhookReceiver.Received r : got) {
            JsonNode body = r.json();
            String uuid = body.path("allocation_uuid").asText();
            long seq = body.path("id").asLong();
            assertThat(seq).as("event id header and body id agree").isEqualTo(Long.parseLong(r.eventId()));
            assertThat(seq).as("order for " + uuid).isGreaterThan(lastSeq.getOrDefault(uuid, 0L));
            lastSeq.put(uuid, seq);
        }
        for (String uuid : mine) {
            assertThat(receiver.typesFor(uuid)).containsExactly("allocation.created", "allocation.deallocated");
        }
    }

    /**
     * A webhook registered while private targets were allowed, delivered by an API that allows only public ones (the
     * same as a public name re-pointed at the internal network after registration): the receiver is never contacted
     * and the delivery waits for a retry; a deliverer that may reach it then delivers that same event.
     */
    @Test
    void a_delivery_to_a_host_that_is_not_a_permitted_target_never_contacts_it_and_is_retried() throws Exception {
        api = start(null);
        ApiClient client = new ApiClient(api.port());
        String renter = client.renterKey(ADMIN_KEY, "acme");
        receiver.expectSecret(client.registerWebhook(renter, receiver.url(), "compute"));
        String tenantId = api.store().findTenantByName("acme").orElseThrow().id();
        api.close();
        api = null;

        Path dataDir = tmp.resolve("api");
        Clock clock = Clock.systemUTC();
        try (Database database = Database.open("jdbc:sqlite:" + dataDir.resolve("register.db"), null, null)) {
            SecretBox secrets = SecretBox.fromEnvOrKeyFile(null, dataDir);
            String uuid = allocate(new JdbiStore(database, secrets, clock), tenantId, "miner-0");
            WebhookStore hooks = new WebhookStore(database, secrets, clock);
            Duration tiny = Duration.ofMillis(1);
            try (WebhookDeliverer strict = new WebhookDeliverer(hooks, Duration.ofSeconds(2), tiny, tiny,
                    Duration.ofDays(1), WebhookTargets.PUBLIC_ONLY, clock)) {
                WebhookDeliverer.Round round = strict.runOnce();
                assertThat(round.delivered()).isZero();
                assertThat(round.failed()).isEqualTo(1);
            }
            assertThat(receiver.all()).as("the receiver on loopback was never contacted").isEmpty();
            assertThat(hooks.pending(10)).singleElement()
                    .satisfies(p -> assertThat(p.attempts()).isEqualTo(1));

            Thread.sleep(20); // past the (1 ms) retry time
            try (WebhookDeliverer open = new WebhookDeliverer(hooks, Duration.ofSeconds(2), tiny, tiny,
                    Duration.ofDays(1), WebhookTargets.ANY, clock)) {
                assertThat(open.runOnce().delivered()).isEqualTo(1);
            }
            assertThat(receiver.all()).singleElement().satisfies(r -> {
                assertThat(r.signatureValid()).isTrue();
                assertThat(r.json().path("allocation_uuid").asText()).isEqualTo(uuid);
            });
            assertThat(hooks.pending(10)).isEmpty();
        }
    }

    private ApiMain start(String dbUrl) throws Exception {
        Path metagraph = tmp.resolve("metagraph.json");
        if (!Files.exists(metagraph)) {
            Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of())));
        }
        ApiConfig config = new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), dbUrl,
                dbUrl == null ? null : EmbeddedPg.USER, AuthMode.KEYS, List.of(), true, Duration.ofHours(1))
                .withWebhookTargets(WebhookTargets.ANY); // the receiver is on loopback
        JobsConfig jobs = JobsConfig.defaults().withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        return ApiMain.start(config, jobs, API_HOTKEY, new StaticMetagraphSource(metagraph, 27),
                dbUrl == null ? null : EmbeddedPg.PASSWORD, Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY),
                new PrintStream(new ByteArrayOutputStream()));
    }

    /** An allocation committed the way the allocation path commits one: reservation, row and event together. */
    private static String allocate(Store store, String tenantId, String miner) {
        Reservation r = store.reserve(miner, 0, tenantId, Duration.ofMinutes(5)).orElseThrow();
        Instant now = Instant.now();
        String uuid = UUID.randomUUID().toString();
        AllocationRecord a = new AllocationRecord(uuid, miner, tenantId, AllocationState.ACTIVE, "{}", "127.0.0.1",
                4444, "root", "pw-" + uuid.substring(0, 8), "", "-----BEGIN PUBLIC KEY-----", 1, 1, now,
                now.plus(Duration.ofDays(1)), null, false);
        assertThat(store.commitAllocation(r.token(), a, null,
                Event.of("allocation.created", uuid, "{\"uuid\":\"" + uuid + "\",\"hotkey\":\"" + miner + "\"}")))
                .isTrue();
        return uuid;
    }

    private static void end(Store store, String uuid) {
        assertThat(store.endAllocation(uuid, AllocationState.DEALLOCATED,
                Event.of("allocation.deallocated", uuid, "{\"uuid\":\"" + uuid + "\"}"))).isTrue();
    }
}
