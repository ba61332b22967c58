package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortPool;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The miner end to end through real parts, for one runtime per subclass: a real axon and ledger, our dendrite sending
 * Allocate as the API does, real SSH logins into what the runtime started. One miner per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MinerScenarioTest {

    static final Keypair MINER_HOTKEY = Keypair.fromSuri("//Bob");
    static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    static final Keypair STRANGER = Keypair.fromSuri("//Eve");
    /** A second allowed caller (another validator): it must never be told about the API's allocations. */
    static final Keypair OTHER_CALLER = Keypair.fromSuri("//Dave");
    /** Short enough that the expiry test takes seconds; the lifecycle tests ask for many units. */
    static final Duration UNIT = Duration.ofSeconds(2);
    static final int LONG = 10_000;
    static final long MIB = 1024 * 1024;
    static final DeviceRequirement SMALL = new DeviceRequirement(1, 0, "", 0, 256 * MIB, 1L << 30, false);

    Path dataDir;
    Miner miner;
    AllocateDendrite api;

    /** The runtime under test, publishing on {@code ports}: docker or sandbox (may skip the class). */
    abstract RuntimeSettings runtime(HostPorts ports);

    /** Reads back the limits the runtime applied to the allocation on {@code port}: [nanoCpus, memoryBytes]. */
    abstract Optional<long[]> appliedLimits(int port);

    /** Whether the runtime still has a machine for the allocation on {@code port}. */
    abstract boolean machineExists(String allocationId);

    /** How many machines of this miner (publishing on its port range) the runtime runs now. */
    abstract long machinesOfThisMiner();

    int firstPort;

    @BeforeAll
    void startMiner() throws IOException {
        dataDir = Files.createTempDirectory("miner-scenario");
        int first = FreePorts.block(8);
        firstPort = first;
        MinerConfig config = MinerConfig.defaults(dataDir,
                        runtime(new HostPorts(new PortRange(first, first + 7), "127.0.0.1")))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API_HOTKEY.ss58Address(), OTHER_CALLER.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(2, 2048 * MIB, 0))
                .withTiming(UNIT, Duration.ofMillis(500));
        miner = Miner.start(config, MINER_HOTKEY, Optional.empty());
        api = new AllocateDendrite(API_HOTKEY, miner.axonPort(), miner.hotkey());
    }

    @AfterAll
    void stopMiner() {
        if (miner != null) {
            for (Allocation a : miner.ledger().live()) {
                api.deallocate(a.renterPublicKey());
            }
            api.close();
            miner.close();
        }
    }

    @Test
    void a_renter_gets_working_ssh_and_only_its_own_key_controls_the_allocation() throws Exception {
        assertThat(api.probe(SMALL, 1)).containsEntry("status", true);

        KeyPair userKey = SshLogin.newKey();
        var result = api.allocate(SMALL, LONG, SshLogin.publicKeyLine(userKey));
        Map<String, Object> out = result.getKey();
        assertThat(out).containsEntry("status", true).containsKeys("info", "port");
        AllocateDendrite.Lease lease = result.getValue();
        int port = lease.info().port();
        assertThat(out.get("port")).isEqualTo(port);
        assertThat(lease.info().username()).isEqualTo("root");
        assertThat(lease.info().password()).matches("[A-Za-z0-9]{16}");
        assertThat(api.probe(SMALL, 0)).as("probe with timeline 0 asks 'do I own one?'").containsEntry("status", false);
        assertThat(api.send(new io.computeregister.protocol.allocate.Allocate().checking(true).timeline(0)
                .publicKey(lease.publicKeyPem())).synapse().output()).containsEntry("status", true)
                .containsEntry("port", port);

        // password and key both log in, and a command's output comes back
        assertThat(SshLogin.withPassword("127.0.0.1", port, "root", lease.info().password(), "echo via-password"))
                .contains("via-password");
        assertThat(SshLogin.withKey("127.0.0.1", port, "root", userKey, "echo via-key")).contains("via-key");

        // exchange_key: the new user key works, the old one no longer does
        KeyPair newKey = SshLogin.newKey();
        assertThat(api.act(lease.publicKeyPem(), DockerAction.exchangeKey(SshLogin.publicKeyLine(newKey), "user")))
                .containsEntry("status", true).containsEntry("port", port);
        assertThat(SshLogin.withKey("127.0.0.1", port, "root", newKey, "echo new-key")).contains("new-key");
        assertThatThrownBy(() -> SshLogin.withKey("127.0.0.1", port, "root", userKey, "true"))
                .isInstanceOf(IOException.class);

        // a docker action with someone else's key is refused and changes nothing
        String otherPem = RsaEnvelope.publicKeyPem(RsaEnvelope.generateKeyPair().getPublic());
        assertThat(api.act(otherPem, DockerAction.of("pause"))).containsEntry("status", false);
        assertThat(api.act(lease.publicKeyPem(), DockerAction.of("explode"))).containsEntry("status", false);

        // pause: SSH stops answering; unpause: it is back
        assertThat(api.act(lease.publicKeyPem(), DockerAction.of("pause"))).containsEntry("status", true);
        assertThatThrownBy(() -> SshLogin.run("127.0.0.1", port, "root", lease.info().password(), null, "true",
                Duration.ofSeconds(2))).isInstanceOf(IOException.class);
        assertThat(api.act(lease.publicKeyPem(), DockerAction.of("resume"))).containsEntry("status", true);
        assertThat(SshLogin.withPassword("127.0.0.1", port, "root", lease.info().password(), "echo back"))
                .contains("back");

        // restart keeps the credentials
        assertThat(api.act(lease.publicKeyPem(), DockerAction.of("restart"))).containsEntry("status", true);
        assertThat(SshLogin.withKey("127.0.0.1", port, "root", newKey, "echo restarted")).contains("restarted");

        // a deallocate with the wrong public key is refused and changes nothing
        assertThat(api.deallocate(otherPem)).containsEntry("status", false);
        assertThat(SshLogin.withPassword("127.0.0.1", port, "root", lease.info().password(), "echo still"))
                .contains("still");

        String id = allocationOn(port).id();
        assertThat(api.deallocate(lease.publicKeyPem())).containsEntry("status", true).containsEntry("port", port);
        assertThat(machineExists(id)).isFalse();
        assertThat(miner.ledger().find(id)).get().extracting(Allocation::state).isEqualTo(Allocation.State.REMOVED);
        assertThatThrownBy(() -> SshLogin.run("127.0.0.1", port, "root", lease.info().password(), null, "true",
                Duration.ofSeconds(2))).isInstanceOf(IOException.class);
        assertThat(api.deallocate(lease.publicKeyPem())).as("second deallocate").containsEntry("status", false);
    }

    @Test
    void two_allocations_coexist_with_their_own_ports_and_limits() throws Exception {
        var small = api.allocateOrFail(SMALL, LONG, "");
        var bigger = api.allocateOrFail(new DeviceRequirement(1, 0, "", 0, 512 * MIB, 1L << 30, false), LONG, "");
        try {
            assertThat(small.info().port()).isNotEqualTo(bigger.info().port());
            assertThat(SshLogin.withPassword("127.0.0.1", small.info().port(), "root", small.info().password(),
                    "echo one")).contains("one");
            assertThat(SshLogin.withPassword("127.0.0.1", bigger.info().port(), "root", bigger.info().password(),
                    "echo two")).contains("two");
            // one renter's password does not open the other's machine
            assertThatThrownBy(() -> SshLogin.withPassword("127.0.0.1", bigger.info().port(), "root",
                    small.info().password(), "true")).isInstanceOf(IOException.class);
            appliedLimits(small.info().port()).ifPresent(l -> assertThat(l).containsExactly(1_000_000_000L, 256 * MIB));
            appliedLimits(bigger.info().port()).ifPresent(l -> assertThat(l).containsExactly(1_000_000_000L, 512 * MIB));
            assertThat(allocationOn(bigger.info().port()).resources().memoryBytes()).isEqualTo(512 * MIB);
        } finally {
            api.deallocate(small.publicKeyPem());
            api.deallocate(bigger.publicKeyPem());
        }
    }

    @Test
    void a_request_that_does_not_fit_is_refused_without_touching_the_running_renter() throws Exception {
        // the offer is 2 cores: the first renter takes both
        var first = api.allocateOrFail(new DeviceRequirement(2, 0, "", 0, 256 * MIB, 1L << 30, false), LONG, "");
        try {
            DeviceRequirement tooBig = new DeviceRequirement(1, 0, "", 0, 256 * MIB, 1L << 30, false);
            assertThat(api.probe(tooBig, 1)).containsEntry("status", false);
            var refused = api.allocate(tooBig, LONG, "");
            assertThat(refused.getKey()).containsEntry("status", false).doesNotContainKey("info");
            assertThat(refused.getValue()).isNull();
            assertThat(api.probe(new DeviceRequirement(1, 1, "a100", 24000, MIB, 0, false), 1))
                    .as("no GPU offered").containsEntry("status", false);
            assertThat(SshLogin.withPassword("127.0.0.1", first.info().port(), "root", first.info().password(),
                    "echo untouched")).contains("untouched");
            assertThat(miner.ledger().live()).hasSize(1);
        } finally {
            api.deallocate(first.publicKeyPem());
        }
    }

    @Test
    void the_original_apis_any_gpu_request_still_rents_a_host_without_a_free_gpu() throws Exception {
        // allocate_hotkey in the original API always sends gpu {count: 1, capacity: 0, type: ""}: "any GPU, if any"
        DeviceRequirement anyGpu = new DeviceRequirement(1, 1, "", 0, 256 * MIB, 1L << 30, false);
        assertThat(api.probe(anyGpu, 1)).containsEntry("status", true);
        var lease = api.allocateOrFail(anyGpu, LONG, "");
        try {
            assertThat(SshLogin.withPassword("127.0.0.1", lease.info().port(), "root", lease.info().password(),
                    "echo rented")).contains("rented");
            assertThat(miner.ledger().live()).singleElement()
                    .satisfies(a -> assertThat(a.resources().gpus()).as("no GPU on this host to attach").isZero());
        } finally {
            assertThat(api.deallocate(lease.publicKeyPem())).containsEntry("status", true);
        }
    }

    @Test
    void concurrent_allocations_never_over_commit_the_offer() throws Exception {
        // the offer is 2 cores; four renters ask for one each at the same moment
        List<AllocateDendrite.Lease> granted = allocateAtOnce(4, c -> c.allocate(SMALL, LONG, ""));

        assertThat(granted).hasSize(2);
        assertThat(granted.stream().map(l -> l.info().port()).distinct()).hasSize(2);
        assertThat(miner.ledger().live()).hasSize(2);
        for (AllocateDendrite.Lease l : granted) {
            assertThat(SshLogin.withPassword("127.0.0.1", l.info().port(), "root", l.info().password(), "echo in"))
                    .contains("in");
            assertThat(api.deallocate(l.publicKeyPem())).containsEntry("status", true);
        }
    }

    @Test
    void concurrent_allocates_with_one_key_admit_exactly_one_and_leave_nothing_else() throws Exception {
        KeyPair renterKey = RsaEnvelope.generateKeyPair();
        DeviceRequirement tiny = new DeviceRequirement(0, 0, "", 0, 64 * MIB, 0, false);

        List<AllocateDendrite.Lease> granted = allocateAtOnce(4, c -> c.allocate(tiny, LONG, "", renterKey));

        assertThat(granted).as("one key names one allocation").hasSize(1);
        assertThat(miner.ledger().live()).hasSize(1);
        assertThat(machinesOfThisMiner()).as("no machine for a refused request").isEqualTo(1);
        assertThat(((PortPool) miner.endpointPool()).held()).as("refused requests gave their ports back")
                .containsExactly(granted.getFirst().info().port());
        AllocateDendrite.Lease lease = granted.getFirst();
        assertThat(SshLogin.withPassword("127.0.0.1", lease.info().port(), "root", lease.info().password(),
                "echo only-one")).contains("only-one");
        assertThat(api.deallocate(lease.publicKeyPem())).containsEntry("status", true);
        assertThat(((PortPool) miner.endpointPool()).held()).isEmpty();
    }

    /** {@code n} Allocates sent at the same moment, each from its own dendrite; the leases granted. */
    private List<AllocateDendrite.Lease> allocateAtOnce(int n,
            Function<AllocateDendrite, Map.Entry<Map<String, Object>, AllocateDendrite.Lease>> call) {
        List<AllocateDendrite> clients = new ArrayList<>();
        try {
            List<CompletableFuture<Map.Entry<Map<String, Object>, AllocateDendrite.Lease>>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                AllocateDendrite c = new AllocateDendrite(API_HOTKEY, miner.axonPort(), miner.hotkey());
                clients.add(c);
                calls.add(CompletableFuture.supplyAsync(() -> call.apply(c)));
            }
            return calls.stream().map(CompletableFuture::join).map(Map.Entry::getValue)
                    .filter(java.util.Objects::nonNull).toList();
        } finally {
            clients.forEach(AllocateDendrite::close);
        }
    }

    @Test
    void the_probe_says_whether_a_requirement_fits_and_how_many_allocations_the_caller_holds_here() throws Exception {
        Map<String, Object> idle = api.send(new io.computeregister.protocol.allocate.Allocate().checking(true)
                .timeline(1)).synapse().output();
        assertThat(idle).as("an empty requirement on an idle miner").containsEntry("status", true)
                .containsEntry("held", 0);

        var lease = api.allocateOrFail(SMALL, LONG, "");
        try {
            assertThat(api.probe(SMALL, 1)).containsEntry("status", true).containsEntry("held", 1);
            assertThat(api.probe(new DeviceRequirement(2, 0, "", 0, 256 * MIB, 0, false), 1))
                    .as("two cores no longer fit beside it").containsEntry("status", false).containsEntry("held", 1);
            try (AllocateDendrite other = new AllocateDendrite(OTHER_CALLER, miner.axonPort(), miner.hotkey())) {
                assertThat(other.probe(SMALL, 1)).as("another caller is never told about them")
                        .containsEntry("status", true).containsEntry("held", 0);
            }
            assertThat(api.probe(SMALL, 0)).as("timeline 0 still asks 'does public_key own one?'")
                    .containsEntry("status", false).doesNotContainKey("held");
        } finally {
            api.deallocate(lease.publicKeyPem());
        }
        assertThat(api.probe(SMALL, 1)).containsEntry("held", 0);
    }

    @Test
    void an_allocation_is_removed_when_its_timeline_ends() throws Exception {
        var lease = api.allocateOrFail(SMALL, 2, ""); // 2 units = 4 s
        int port = lease.info().port();
        String id = allocationOn(port).id();
        assertThat(SshLogin.withPassword("127.0.0.1", port, "root", lease.info().password(), "echo alive"))
                .contains("alive");
        // The machine goes first, then the ledger row (the removal's last step): wait for both.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(machineExists(id)).isFalse();
            assertThat(miner.ledger().find(id)).get().extracting(Allocation::state)
                    .isEqualTo(Allocation.State.REMOVED);
        });
        assertThat(api.deallocate(lease.publicKeyPem())).containsEntry("status", false);
    }

    @Test
    void specs_answers_the_machine_hardware_in_the_original_shape() throws Exception {
        try (var dendrite = io.computeregister.bittensor.dendrite.Dendrite.create(API_HOTKEY)) {
            var reply = dendrite.callBlocking(new io.computeregister.bittensor.dendrite.AxonTarget("127.0.0.1",
                    miner.axonPort(), miner.hotkey()), new io.computeregister.protocol.specs.Specs(),
                    Duration.ofSeconds(30));
            assertThat(reply.statusCode()).isEqualTo(200);
            var specs = io.computeregister.protocol.specs.MinerSpecs.fromJson(reply.synapse().specsOutput());
            assertThat(specs.cpu().count()).isPositive();
            assertThat(specs.ram().total()).isPositive();
        }
    }

    @Test
    void a_caller_not_on_the_allowlist_gets_403() {
        try (AllocateDendrite stranger = new AllocateDendrite(STRANGER, miner.axonPort(), miner.hotkey())) {
            var response = stranger.send(new io.computeregister.protocol.allocate.Allocate().timeline(1));
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.synapse().output()).isEmpty();
        }
    }

    Allocation allocationOn(int port) {
        return miner.ledger().live().stream().filter(a -> a.sshPort() == port).findFirst().orElseThrow();
    }
}
