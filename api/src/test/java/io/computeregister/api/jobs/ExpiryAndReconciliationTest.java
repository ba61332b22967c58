package io.computeregister.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.minerclient.DendriteOwnershipProbe;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Health;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.miner.Miner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lease expiry and reconciliation against a real miner: sandbox runtime (real axon, ledger and sshd machine per
 * allocation) and, when a Docker engine answers, the docker runtime (the container is really removed). The API's own jobs run with long periods here; each test runs the job it is about once, by hand.
 */
class ExpiryAndReconciliationTest {

    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_expiry-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private MinerFleet fleet;
    private ApiMain api;
    private ApiClient client;
    private String renter;

    private com.github.dockerjava.api.DockerClient docker;

    private void start(String runtime) throws Exception {
        if (runtime.equals("docker")) docker = DockerCheck.requireOrSkip();
        fleet = new MinerFleet(tmp, 1, API_HOTKEY, runtime);
        JobsConfig jobs = JobsConfig.defaults().withHealth(Duration.ofHours(1), 3).withExpiry(Duration.ofHours(1))
                .withReconcile(Duration.ofHours(1));
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofHours(1)), jobs, API_HOTKEY, fleet.metagraph(), null,
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().findMiner(fleet.miner(0).hotkey())
                .map(m -> m.health() == Health.ONLINE && m.specsJson() != null).orElse(false));
        client = new ApiClient(api.port());
        renter = client.renterKey(ADMIN_KEY, "acme");
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (fleet != null) fleet.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "docker"})
    void an_allocation_past_its_timeline_is_removed_on_the_miner_and_closed_in_the_store(String runtime)
            throws Exception {
        start(runtime);
        AllocationRecord a = allocate();
        Miner miner = fleet.miner(0);
        assertThat(miner.ledger().live()).hasSize(1);
        String minerAllocationId = miner.ledger().live().get(0).id();
        assertThat(containers(minerAllocationId)).as("the allocation's container").hasSize(docker == null ? 0 : 1);

        // Nothing is due yet: a round now changes nothing.
        assertThat(api.jobs().expiry().runOnce()).isZero();
        assertThat(miner.ledger().live()).hasSize(1);

        // The same job two days later (its injected clock): the 1-day allocation is over.
        try (Dendrite dendrite = Dendrite.create(API_HOTKEY)) {
            AllocationSettings settings = AllocationSettings.defaults(true);
            LeaseExpiry later = new LeaseExpiry(api.store(), settings.dendriteClient(dendrite),
                    new DendriteOwnershipProbe(dendrite, Duration.ofSeconds(5)), api.server().minerIndex(),
                    Duration.ofSeconds(10),
                    Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
            assertThat(later.runOnce()).isEqualTo(1);
        }
        assertThat(miner.ledger().live()).as("allocations left on the miner").isEmpty();
        assertNoMachinesLeft(miner);
        assertThat(containers(minerAllocationId)).as("containers left for the allocation").isEmpty();
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().state()).isEqualTo(AllocationState.DEALLOCATED);
        assertThat(types(a.uuid())).containsExactly("allocation.created", AllocationEvents.EXPIRED);
        assertThat(api.store().heldMiners()).doesNotContain(miner.hotkey());
        // The renter's login is gone with it.
        assertThat(loginWorks(a)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "docker"})
    void an_allocation_the_miner_no_longer_holds_is_closed_and_its_renter_notified(String runtime) throws Exception {
        start(runtime);
        AllocationRecord a = allocate();
        Miner miner = fleet.miner(0);
        // Behind the API's back (as if the miner operator removed it): deallocate with the allocation's own key.
        try (Dendrite outsider = Dendrite.create(API_HOTKEY)) {
            var removed = AllocationSettings.defaults(true).dendriteClient(outsider)
                    .deallocate(new MinerAddress(miner.hotkey(), "127.0.0.1", miner.axonPort()), a.regkey());
            assertThat(removed.confirmed()).as(removed.detail()).isTrue();
        }
        assertThat(miner.ledger().live()).isEmpty();

        // First "not owned" answer: noted, not acted on (the original miner also says no for a paused container).
        api.jobs().runner().runNow(Reconciliation.NAME);
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().state()).isEqualTo(AllocationState.ACTIVE);
        // Second consecutive one: closed, renter notified, miner free for placement again.
        api.jobs().runner().runNow(Reconciliation.NAME);
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().state()).isEqualTo(AllocationState.DEALLOCATED);
        assertThat(types(a.uuid())).containsExactly("allocation.created", AllocationEvents.VANISHED);
        assertThat(api.store().heldMiners()).doesNotContain(miner.hotkey());
        assertThat(client.allocateSpec(renter).path("success").asBoolean()).isTrue();
    }

    @Test
    void extend_moves_the_lease_on_the_miner_and_in_the_api_and_expiry_honours_it() throws Exception {
        start("sandbox");
        AllocationRecord a = allocate();
        Miner miner = fleet.miner(0);
        java.time.Instant minerBefore = miner.ledger().live().get(0).expiresAt();

        JsonNode extended = client.post("/allocations/" + a.uuid() + "/extend", "{\"days\": 2}", renter);
        assertThat(extended.path("_status").asInt()).as(extended.toString()).isEqualTo(200);
        java.time.Instant apiExpiry = java.time.Instant.parse(extended.path("data").path("expires_at").asText());
        assertThat(extended.path("data").path("uuid").asText()).isEqualTo(a.uuid());
        assertThat(apiExpiry).isEqualTo(a.expiresAt().plus(Duration.ofDays(2)));
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().expiresAt()).isEqualTo(apiExpiry);
        assertThat(miner.ledger().live().get(0).expiresAt()).as("the miner's persisted expiry")
                .isEqualTo(minerBefore.plus(Duration.ofDays(2)));
        assertThat(types(a.uuid())).containsExactly("allocation.created", "allocation.extended");

        // Bad input and someone else's allocation: a clear 4xx, nothing sent, nothing moved.
        String other = client.renterKey(ADMIN_KEY, "globex");
        for (var bad : List.of(List.of("{\"days\": 0}", renter, "422"), List.of("{\"days\": 366}", renter, "422"),
                List.of("{}", renter, "422"), List.of("[2]", renter, "422"), List.of("{\"days\": 2}", other, "404"))) {
            JsonNode r = client.post("/allocations/" + a.uuid() + "/extend", bad.get(0), bad.get(1));
            assertThat(r.path("_status").asText()).as(bad.get(0) + " " + r).isEqualTo(bad.get(2));
        }
        assertThat(client.post("/allocations/not-a-uuid/extend", "{\"days\": 2}", renter).path("_status").asInt())
                .isEqualTo(422);
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().expiresAt()).isEqualTo(apiExpiry);
        assertThat(miner.ledger().live().get(0).expiresAt()).isEqualTo(minerBefore.plus(Duration.ofDays(2)));

        // Two days from now the original 1-day lease would be over; the extended one is not (API and miner).
        try (Dendrite dendrite = Dendrite.create(API_HOTKEY)) {
            AllocationSettings settings = AllocationSettings.defaults(true);
            LeaseExpiry later = new LeaseExpiry(api.store(), settings.dendriteClient(dendrite),
                    new DendriteOwnershipProbe(dendrite, Duration.ofSeconds(5)), api.server().minerIndex(),
                    Duration.ofSeconds(10), Clock.offset(Clock.systemUTC(), Duration.ofDays(2)));
            assertThat(later.runOnce()).isZero();
        }
        assertThat(miner.ledger().expired(java.time.Instant.now().plus(Duration.ofDays(2)))).isEmpty();
        assertThat(loginWorks(api.store().findAllocation(a.uuid()).orElseThrow())).isTrue();
    }

    @Test
    void an_allocation_the_miner_still_holds_is_left_alone_by_reconciliation() throws Exception {
        start("sandbox");
        AllocationRecord a = allocate();
        for (int i = 0; i < 3; i++) api.jobs().runner().runNow(Reconciliation.NAME);
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().state()).isEqualTo(AllocationState.ACTIVE);
        assertThat(types(a.uuid())).containsExactly("allocation.created");
        assertThat(loginWorks(a)).isTrue();
    }

    @Test
    void check_miner_status_says_our_miner_runs_a_container_while_this_api_holds_one_there() throws Exception {
        start("sandbox");
        String hotkey = fleet.miner(0).hotkey();
        assertThat(status(hotkey)).isEqualTo("Docker OFFLINE");
        AllocationRecord a = allocate();
        // Before: "Docker OFFLINE" (the miner could still fit another one, which is not "nothing running").
        assertThat(status(hotkey)).isEqualTo("Docker ONLINE");
        JsonNode freed = client.post("/service/deallocate?hotkey=" + hotkey + "&uuid_key=" + a.uuid(), null, renter);
        assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        assertThat(status(hotkey)).isEqualTo("Docker OFFLINE");
    }

    @Test
    void a_deallocation_the_miner_did_not_confirm_is_retried_until_it_does_and_the_miner_stays_held_meanwhile()
            throws Exception {
        start("sandbox");
        AllocationRecord a = allocate();
        Miner miner = fleet.miner(0);
        String hotkey = miner.hotkey();
        fleet.stop(0); // down when the renter deallocates
        JsonNode r = client.post("/service/deallocate?hotkey=" + hotkey + "&uuid_key=" + a.uuid(), null, renter);
        assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.path("data").path("miner_confirmed").asBoolean()).isFalse();
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().state())
                .isEqualTo(AllocationState.DEALLOCATED_UNCONFIRMED);

        api.jobs().runner().runNow(Reconciliation.NAME); // still down: nothing changes
        assertThat(api.store().heldMiners()).contains(hotkey);
        assertThat(client.allocateSpec(renter).path("success").asBoolean()).as("placed on a held miner").isFalse();

        // It comes back and adopts the container from its ledger; before, nothing ever told it again, and once a
        // fixed 15-minute hold ran out the API placed the next renter beside that container.
        Miner back = fleet.restart(0);
        assertThat(back.ledger().live()).as("adopted after the restart").hasSize(1);
        api.jobs().runner().runNow(Reconciliation.NAME);
        assertThat(back.ledger().live()).as("removed once reconciliation asked again").isEmpty();
        assertNoMachinesLeft(back);
        assertThat(api.store().findAllocation(a.uuid()).orElseThrow().state()).isEqualTo(AllocationState.DEALLOCATED);
        assertThat(api.store().heldMiners()).doesNotContain(hotkey);
        JsonNode next = client.allocateSpec(renter);
        assertThat(next.path("success").asBoolean()).as(next.toString()).isTrue();
        assertThat(loginWorks(api.store().findAllocation(next.path("data").path("uuid_key").asText()).orElseThrow()))
                .isTrue();
    }

    private String status(String hotkey) throws Exception {
        JsonNode r = client.post("/service/check_miner_status", "[\"" + hotkey + "\"]", renter);
        return r.path("data").get(0).path("status").asText();
    }

    private AllocationRecord allocate() throws Exception {
        JsonNode r = client.allocateSpec(renter);
        assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue();
        return api.store().findAllocation(r.path("data").path("uuid_key").asText()).orElseThrow();
    }

    /** Docker containers (any state) of a miner allocation; none when the runtime is the sandbox. */
    private List<String> containers(String minerAllocationId) {
        if (docker == null) return List.of();
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.computeregister.allocation", minerAllocationId)).exec().stream()
                .map(c -> c.getId()).toList();
    }

    private List<String> types(String uuid) {
        return api.store().eventsAfter(0, 1000).stream().filter(e -> uuid.equals(e.allocationUuid()))
                .map(Event::type).toList();
    }

    private static boolean loginWorks(AllocationRecord a) {
        try {
            return io.computeregister.api.e2e.SshPasswordLogin.run("127.0.0.1", a.sshPort(), a.sshUsername(),
                    a.sshPassword(), "echo alive").contains("alive");
        } catch (Exception e) {
            return false;
        }
    }

    private static void assertNoMachinesLeft(Miner m) throws Exception {
        Path sandboxes = m.config().dataDir().resolve("sandbox");
        if (Files.isDirectory(sandboxes)) {
            try (Stream<Path> left = Files.list(sandboxes)) {
                assertThat(left).as("sandbox machines left on " + m.hotkey()).isEmpty();
            }
        }
    }
}
