package io.computeregister.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Health;
import io.computeregister.api.webhooks.WebhookReceiver;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.api.webhooks.WebhookTargets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health loop against a real miner: its axon stops, the allocation is reported down (store event, miner marked
 * down, both webhook formats delivered) well within 90 s; the miner starts again at the same address and the
 * allocation comes back up by itself. Short periods (1 s × 3 misses) keep the test fast; the defaults are 20 s × 3.
 */
class HealthLoopEndToEndTest {

    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_jobs-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private MinerFleet fleet;
    private ApiMain api;
    private final WebhookReceiver compute = new WebhookReceiver();
    private final WebhookReceiver original = new WebhookReceiver();

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (fleet != null) fleet.close();
        compute.close();
        original.close();
    }

    @Test
    void a_stopped_miner_is_marked_down_within_90_seconds_renter_notified_and_back_up_after_restart() throws Exception {
        fleet = new MinerFleet(tmp, 1, API_HOTKEY);
        JobsConfig jobs = JobsConfig.defaults().withHealth(Duration.ofSeconds(1), 3).withProbeTimeout(Duration.ofSeconds(2));
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofHours(1)).withWebhookTargets(WebhookTargets.ANY), jobs, API_HOTKEY, fleet.metagraph(), null,
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        String hotkey = fleet.miner(0).hotkey();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().findMiner(hotkey)
                .map(m -> m.health() == Health.ONLINE && m.specsJson() != null).orElse(false));

        ApiClient client = new ApiClient(api.port());
        String renter = client.renterKey(ADMIN_KEY, "acme");
        compute.expectSecret(client.registerWebhook(renter, compute.url(), "compute"));
        original.expectSecret(client.registerWebhook(renter, original.url(), "original"));
        JsonNode allocated = client.allocateSpec(renter);
        assertThat(allocated.path("success").asBoolean()).as(allocated.toString()).isTrue();
        String uuid = allocated.path("data").path("uuid_key").asText();

        // A few healthy rounds: no status events while the miner answers (the original sent ONLINE every pass).
        Thread.sleep(3000);
        assertThat(types(uuid)).containsExactly("allocation.created");

        long stoppedAt = System.nanoTime();
        fleet.stop(0);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> types(uuid).contains(AllocationEvents.DOWN));
        Duration noticed = Duration.ofNanos(System.nanoTime() - stoppedAt);
        assertThat(noticed).isLessThan(Duration.ofSeconds(90));
        assertThat(api.store().findMiner(hotkey).orElseThrow().health()).isEqualTo(Health.DOWN);
        // The placement index is reloaded at the end of the health round that wrote the event.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.server().minerIndex().snapshot().find(hotkey).health() == Health.DOWN);
        await().atMost(Duration.ofSeconds(10)).until(() -> compute.typesFor(uuid).contains(AllocationEvents.DOWN));
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(original).contains("OFFLINE"));

        fleet.restart(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> types(uuid).contains(AllocationEvents.UP));
        assertThat(api.store().findMiner(hotkey).orElseThrow().health()).isEqualTo(Health.ONLINE);
        await().atMost(Duration.ofSeconds(10)).until(() -> compute.typesFor(uuid).contains(AllocationEvents.UP));
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(original).equals(List.of("OFFLINE", "ONLINE")));

        // Exactly one transition each way, in order, every delivery signed.
        assertThat(types(uuid)).containsExactly("allocation.created", AllocationEvents.DOWN, AllocationEvents.UP);
        assertThat(compute.typesFor(uuid)).containsExactly("allocation.created", AllocationEvents.DOWN,
                AllocationEvents.UP);
        assertThat(compute.all()).allMatch(WebhookReceiver.Received::signatureValid);
        assertThat(original.all()).allMatch(WebhookReceiver.Received::signatureValid);
        JsonNode offline = original.deduplicated().get(0).json();
        assertThat(offline.path("hotkey").asText()).isEqualTo(hotkey);
        assertThat(offline.path("uuid").asText()).isEqualTo(uuid);
        assertThat(offline.path("status_change_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        // The allocation itself is untouched: still active.
        assertThat(api.store().findAllocation(uuid).orElseThrow().state().name()).isEqualTo("ACTIVE");
    }

    private List<String> types(String uuid) {
        return api.store().eventsAfter(0, 1000).stream().filter(e -> uuid.equals(e.allocationUuid()))
                .map(Event::type).toList();
    }

    private static List<String> statuses(WebhookReceiver r) {
        return r.deduplicated().stream().map(x -> x.json().path("status").asText()).toList();
    }
}
