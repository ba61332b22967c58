package io.computeregister.miner.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.miner.allocation.Allocation.State;
import io.computeregister.miner.allocation.Shortage.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    private static final long GIB = 1L << 30;
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String RENTER_PEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n"
            + "-----END PUBLIC KEY-----\n";
    private static final HostResources HOST = new HostResources(8, 32 * GIB, 2, 10);
    private static final String CALLER = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final String OTHER_CALLER = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

    @TempDir
    Path dataDir;

    private Ledger ledger;

    @BeforeEach
    void open() {
        ledger = Ledger.open(dataDir);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void an_admitted_allocation_is_stored_exactly_and_survives_reopening() {
        Allocation a = allocation(40001, 2.5, 4 * GIB, 1, Duration.ofDays(2));

        Admission admission = ledger.admit(a, HOST);
        ledger.close();
        ledger = Ledger.open(dataDir);

        assertThat(admission.fits()).isTrue();
        Allocation stored = a.withGpus(List.of(0)); // the ledger chose the host's first card
        assertThat(ledger.find(a.id())).contains(stored);
        assertThat(ledger.find(a.id()).orElseThrow().renterPublicKey()).isEqualTo(a.renterPublicKey());
        assertThat(ledger.find(a.id()).orElseThrow().callerHotkey()).isEqualTo(CALLER);
        assertThat(ledger.live()).containsExactly(stored);
        assertThat(ledger.livePorts()).containsExactly(40001);
        assertThat(dataDir.resolve("miner.db")).exists();
    }

    @Test
    void the_database_runs_in_wal_mode() throws Exception {
        ledger.admit(allocation(40001, 1, GIB, 0, Duration.ofHours(1)), HOST);

        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("miner.db"));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
        assertThat(Files.exists(dataDir.resolve("miner.db-wal"))).isTrue();
    }

    @Test
    void a_request_that_does_not_fit_is_not_recorded_and_names_every_shortfall() {
        ledger.admit(allocation(40001, 6, 30 * GIB, 2, Duration.ofHours(1)), HOST);
        Allocation tooBig = allocation(40002, 4, 4 * GIB, 1, Duration.ofHours(1));

        Admission admission = ledger.admit(tooBig, HOST);

        assertThat(admission.fits()).isFalse();
        assertThat(admission.shortages()).extracting(Shortage::resource)
                .containsExactly(Resource.CPU, Resource.MEMORY, Resource.GPU);
        assertThat(ledger.find(tooBig.id())).isEmpty();
        assertThat(ledger.headroom(HOST).freeCpus()).isEqualTo(2.0);
    }

    @Test
    void a_port_held_by_a_live_allocation_or_a_repeated_id_is_a_conflict() {
        Allocation first = allocation(40001, 1, GIB, 0, Duration.ofHours(1));
        ledger.admit(first, HOST);

        assertThatThrownBy(() -> ledger.admit(allocation(40001, 1, GIB, 0, Duration.ofHours(1)), HOST))
                .isInstanceOf(Ledger.AllocationConflict.class)
                .hasMessage("port 40001 is held by allocation " + first.id());
        assertThatThrownBy(() -> ledger.admit(first, HOST))
                .isInstanceOf(Ledger.AllocationConflict.class).hasMessageContaining("already in the ledger");

        ledger.changeState(first.id(), State.REMOVED);
        assertThat(ledger.admit(allocation(40001, 1, GIB, 0, Duration.ofHours(1)), HOST).fits()).isTrue();
    }

    @Test
    void state_changes_persist_and_removed_is_final() {
        Allocation a = allocation(40001, 1, GIB, 1, Duration.ofHours(1));
        ledger.admit(a, HOST);

        assertThat(ledger.changeState(a.id(), State.PAUSED).state()).isEqualTo(State.PAUSED);
        assertThat(ledger.live()).extracting(Allocation::state).containsExactly(State.PAUSED);
        assertThat(ledger.headroom(HOST).freeGpus()).isEqualTo(1);
        ledger.changeState(a.id(), State.REMOVED);

        assertThat(ledger.live()).isEmpty();
        assertThat(ledger.find(a.id()).orElseThrow().state()).isEqualTo(State.REMOVED);
        assertThat(ledger.headroom(HOST).freeGpus()).isEqualTo(2);
        assertThatThrownBy(() -> ledger.changeState(a.id(), State.ACTIVE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is removed");
        assertThatThrownBy(() -> ledger.changeState(UUID.randomUUID().toString(), State.PAUSED))
                .isInstanceOf(Ledger.UnknownAllocation.class);
    }

    @Test
    void expired_lists_live_allocations_due_at_or_before_now() {
        Allocation soon = allocation(40001, 1, GIB, 0, Duration.ofMinutes(5));
        Allocation later = allocation(40002, 1, GIB, 0, Duration.ofDays(1));
        Allocation removed = allocation(40003, 1, GIB, 0, Duration.ofMinutes(1));
        ledger.admit(soon, HOST);
        ledger.admit(later, HOST);
        ledger.admit(removed, HOST);
        ledger.changeState(removed.id(), State.REMOVED);

        assertThat(ledger.expired(NOW.plus(Duration.ofMinutes(5)))).containsExactly(soon);
        assertThat(ledger.expired(NOW.plus(Duration.ofMinutes(4)))).isEmpty();
        assertThat(ledger.expired(NOW.plus(Duration.ofDays(2)))).extracting(Allocation::id)
                .containsExactly(soon.id(), later.id());
    }

    @Test
    void concurrent_admissions_never_overcommit_the_host() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Admission>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Allocation a = allocation(40001 + i, 0, 0, 1, Duration.ofHours(1));
                tasks.add(() -> ledger.admit(a, HOST));
            }
            int admitted = 0;
            for (Future<Admission> admission : pool.invokeAll(tasks)) {
                admitted += admission.get().fits() ? 1 : 0;
            }

            assertThat(admitted).isEqualTo(2);
            assertThat(ledger.live()).hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void one_key_is_admitted_once_while_its_allocation_lives_even_when_asked_concurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Allocation a = allocation(RENTER_PEM, CALLER, 40001 + i, 0.5, GIB, 0, Duration.ofHours(1));
                tasks.add(() -> {
                    try {
                        return ledger.admit(a, HOST).fits();
                    } catch (Ledger.KeyInUse e) {
                        return false;
                    }
                });
            }
            long admitted = 0;
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                admitted += f.get() ? 1 : 0;
            }
            assertThat(admitted).isEqualTo(1);
            assertThat(ledger.live()).singleElement().extracting(Allocation::renterPublicKey).isEqualTo(RENTER_PEM);
        } finally {
            pool.shutdownNow();
        }
        Allocation owner = ledger.live().getFirst();
        assertThatThrownBy(() -> ledger.admit(allocation(RENTER_PEM, CALLER, 40009, 1, GIB, 0, Duration.ofHours(1)),
                HOST)).isInstanceOf(Ledger.KeyInUse.class).hasMessage("public_key already owns a live allocation");

        ledger.changeState(owner.id(), State.REMOVED);
        assertThat(ledger.admit(allocation(RENTER_PEM, CALLER, 40009, 1, GIB, 0, Duration.ofHours(1)), HOST).fits())
                .as("the key is free again once its allocation is removed").isTrue();
    }

    @Test
    void held_by_counts_only_the_callers_live_allocations() {
        Allocation first = allocation(40001, 1, GIB, 0, Duration.ofHours(1));
        ledger.admit(first, HOST);
        ledger.admit(allocation(40002, 1, GIB, 0, Duration.ofHours(1)), HOST);
        ledger.admit(allocation(RENTER_PEM, OTHER_CALLER, 40003, 1, GIB, 0, Duration.ofHours(1)), HOST);

        assertThat(ledger.heldBy(CALLER)).isEqualTo(2);
        assertThat(ledger.heldBy(OTHER_CALLER)).isEqualTo(1);
        assertThat(ledger.heldBy("5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy")).isZero();
        ledger.changeState(first.id(), State.REMOVED);
        assertThat(ledger.heldBy(CALLER)).isEqualTo(1);
    }

    @Test
    void concurrent_admissions_never_give_one_gpu_to_two_allocations() throws Exception {
        HostResources eightGpus = new HostResources(64, 512 * GIB, 8, 100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Admission>> tasks = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Allocation a = allocation(40001 + i, 1, GIB, i % 3 == 0 ? 2 : 1, Duration.ofHours(1));
                tasks.add(() -> ledger.admit(a, eightGpus));
            }
            pool.invokeAll(tasks);
        } finally {
            pool.shutdownNow();
        }
        List<Integer> held = ledger.live().stream().flatMap(a -> a.gpuIds().stream()).toList();
        assertThat(held).as("every card held once").doesNotHaveDuplicates().hasSize(8)
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(ledger.live()).allSatisfy(a -> assertThat(a.gpuIds()).hasSize(a.gpus()));
    }

    @Test
    void gpus_are_held_by_device_index_and_a_freed_card_is_given_again() {
        Allocation first = allocation(40001, 1, GIB, 1, Duration.ofHours(1));
        Allocation second = allocation(40002, 1, GIB, 1, Duration.ofHours(1));
        ledger.admit(first, HOST);
        ledger.admit(second, HOST);
        assertThat(ledger.find(first.id()).orElseThrow().gpuIds()).containsExactly(0);
        assertThat(ledger.find(second.id()).orElseThrow().gpuIds()).containsExactly(1);

        ledger.changeState(first.id(), State.REMOVED);
        Allocation third = allocation(40003, 1, GIB, 1, Duration.ofHours(1));
        assertThat(ledger.admit(third, HOST).fits()).isTrue();
        ledger.close();
        ledger = Ledger.open(dataDir);
        assertThat(ledger.find(third.id()).orElseThrow().gpuIds()).as("survives reopening").containsExactly(0);
        assertThat(ledger.admit(allocation(40004, 1, GIB, 1, Duration.ofHours(1)), HOST).reason())
                .isEqualTo("insufficient gpu: requested 1 gpus, 0 free of 2");
    }

    @Test
    void a_gpu_model_and_memory_request_is_served_only_by_cards_that_have_them() {
        HostResources host = new HostResources(32, 256 * GIB, 3, 10, List.of(
                new GpuCard(0, "NVIDIA GeForce RTX 4090", 24_564),
                new GpuCard(1, "NVIDIA A100-SXM4-40GB", 40_960),
                new GpuCard(2, "NVIDIA A100-SXM4-40GB", 40_960)));
        Allocation h100 = allocation(40001, 1, GIB, 1, Duration.ofHours(1));
        Admission refused = ledger.admit(h100, new ResourceRequest(1, GIB, 1, "H100", 0), host);
        assertThat(refused.reason()).isEqualTo("insufficient gpu (type 'H100'): requested 1 gpus, 0 free of 0");
        assertThat(ledger.live()).isEmpty();

        // 80 GB of A100 (the original API's gpu_size 80 → capacity 80000 MiB) takes both A100s, not the 4090.
        Allocation big = allocation(40002, 1, GIB, 1, Duration.ofHours(1));
        assertThat(ledger.admit(big, new ResourceRequest(1, GIB, 1, "a100", 80_000), host).fits()).isTrue();
        Allocation stored = ledger.find(big.id()).orElseThrow();
        assertThat(stored.gpuIds()).containsExactly(1, 2);
        assertThat(stored.gpus()).isEqualTo(2);

        // What is left is the 4090: an A100 request no longer fits, any-model does.
        assertThat(ledger.admit(allocation(40003, 1, GIB, 1, Duration.ofHours(1)),
                new ResourceRequest(1, GIB, 1, "A100", 0), host).reason())
                .isEqualTo("insufficient gpu (type 'A100'): requested 1 gpus, 0 free of 2");
        Allocation any = allocation(40004, 1, GIB, 1, Duration.ofHours(1));
        assertThat(ledger.admit(any, new ResourceRequest(1, GIB, 1, "", 20_000), host).fits()).isTrue();
        assertThat(ledger.find(any.id()).orElseThrow().gpuIds()).containsExactly(0);
    }

    @Test
    void rows_written_before_gpu_indices_were_recorded_still_count_against_the_total() throws Exception {
        // A V1-era row: holds 1 GPU by count, no index known.
        Allocation legacy = allocation(40001, 1, GIB, 0, Duration.ofHours(1));
        ledger.admit(legacy, HOST);
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("miner.db"));
             Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE allocation SET gpus = 1, gpu_ids = '' WHERE id = '" + legacy.id() + "'");
        }
        assertThat(ledger.find(legacy.id()).orElseThrow().gpuIds()).isEmpty();
        assertThat(ledger.admit(allocation(40002, 1, GIB, 1, Duration.ofHours(1)), HOST).fits()).isTrue();
        assertThat(ledger.admit(allocation(40003, 1, GIB, 1, Duration.ofHours(1)), HOST).reason())
                .isEqualTo("insufficient gpu: requested 1 gpus, 0 free of 2");
    }

    @Test
    void the_original_key_check_compares_the_pem_after_trimming() {
        Allocation a = allocation(RENTER_PEM, CALLER, 40001, 1, GIB, 0, Duration.ofHours(1));

        assertThat(a.ownedBy("  " + RENTER_PEM.strip() + "\n\n")).isTrue();
        assertThat(a.ownedBy(RENTER_PEM.replace("MIIB", "MIIC"))).isFalse();
        assertThat(a.ownedBy(null)).isFalse();
    }

    @Test
    void invalid_allocations_are_refused_naming_the_field() {
        assertThatThrownBy(() -> new Allocation("not-a-uuid", RENTER_PEM, 40001, 1, 0, 0, NOW, NOW.plusSeconds(1),
                State.ACTIVE, "sandbox")).hasMessageContaining("allocation id must be a UUID");
        assertThatThrownBy(() -> allocation(70000, 1, 0, 0, Duration.ofHours(1)))
                .hasMessageContaining("ssh port must be 1-65535");
        assertThatThrownBy(() -> allocation(40001, -1, 0, 0, Duration.ofHours(1)))
                .hasMessageContaining("cpus must be >= 0");
        assertThatThrownBy(() -> allocation(40001, 1, 0, 0, Duration.ZERO))
                .hasMessageContaining("must be after creation");
    }

    /** An allocation of {@link #CALLER} with a key of its own (one key names one live allocation). */
    private static Allocation allocation(int port, double cpus, long memory, int gpus, Duration lifetime) {
        return allocation(RENTER_PEM.replace("MIIB", "MIIB" + UUID.randomUUID().toString().replace("-", "")), CALLER,
                port, cpus, memory, gpus, lifetime);
    }

    private static Allocation allocation(String key, String caller, int port, double cpus, long memory, int gpus,
            Duration lifetime) {
        return Allocation.active(UUID.randomUUID().toString(), key, port, new ResourceRequest(cpus, memory, gpus), NOW,
                NOW.plus(lifetime), "sandbox", caller);
    }
}
