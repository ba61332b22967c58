package io.computeregister.miner;

import io.computeregister.miner.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.RuntimeSpec;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.runtime.sandbox.SandboxRuntime;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.miner.testing.TestImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A miner stopped and started again on the same data directory: the live allocation is served again, one that
 * expired while the miner was down is removed at start, and a machine the miner did not create is left alone.
 */
class ReconcileTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "docker"})
    void restart_adopts_the_live_allocation_removes_the_expired_one_and_spares_foreign_machines(String runtime)
            throws Exception {
        int first = FreePorts.block(3);
        HostPorts ports = new HostPorts(new PortRange(first, first + 1), "127.0.0.1");
        DockerClient docker = null;
        RuntimeSettings settings = new SandboxSettings(ports);
        if (runtime.equals("docker")) {
            settings = new DockerSettings(DockerEngine.host(), TestImage.ensureBuilt(), ports);
            docker = DockerEngine.requireOrSkip();
        }
        MinerConfig config = MinerConfig.defaults(dataDir, settings)
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(2, 1024 * MIB, 0))
                .withTiming(Duration.ofSeconds(1), Duration.ofHours(1)); // no expiry rounds but the one at start
        var request = new io.computeregister.protocol.allocate.DeviceRequirement(1, 0, "", 0, 128 * MIB, 0, false);
        AllocateDendrite.Lease live;
        AllocateDendrite.Lease shortLived;
        String shortId;
        try (Miner miner = Miner.start(config, Keypair.fromSuri("//Bob"), Optional.empty());
                AllocateDendrite api = new AllocateDendrite(API, miner.axonPort(), miner.hotkey())) {
            live = api.allocateOrFail(request, 3600, "");
            shortLived = api.allocateOrFail(request, 2, "");
            int port = shortLived.info().port();
            shortId = miner.ledger().live().stream().filter(a -> a.sshPort() == port).findFirst().orElseThrow().id();
        }
        // a machine this miner did not create: another sandbox in the same directory / a plain container
        String foreign = UUID.randomUUID().toString();
        String foreignContainer = null;
        if (docker == null) {
            try (SandboxRuntime other = new SandboxRuntime(new SandboxSettings(ports), dataDir)) {
                other.start(new RuntimeSpec(foreign, null, 0, 0, 0, List.of(), first + 2, "127.0.0.1", "root", "pw", "", null,
                        ""));
            }
        } else {
            foreignContainer = docker.createContainerCmd(TestImage.ensureBuilt()).withName("not-ours-" + foreign)
                    .exec().getId();
        }
        Thread.sleep(2_500); // the short allocation expires while the miner is down

        try (Miner miner = Miner.start(config, Keypair.fromSuri("//Bob"), Optional.empty())) {
            assertThat(SshLogin.withPassword("127.0.0.1", live.info().port(), "root", live.info().password(),
                    "echo adopted")).contains("adopted");
            assertThat(miner.ledger().find(shortId)).get().extracting(Allocation::state)
                    .isEqualTo(Allocation.State.REMOVED);
            if (docker == null) {
                assertThat(dataDir.resolve("sandbox").resolve(foreign)).exists();
                assertThat(dataDir.resolve("sandbox").resolve(shortId)).doesNotExist();
            } else {
                assertThat(docker.inspectContainerCmd(foreignContainer).exec().getId()).isEqualTo(foreignContainer);
                assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(
                        java.util.Map.of("io.computeregister.allocation", shortId)).exec()).isEmpty();
            }
            try (AllocateDendrite api = new AllocateDendrite(API, miner.axonPort(), miner.hotkey())) {
                assertThat(api.deallocate(live.publicKeyPem())).containsEntry("status", true);
            }
        } finally {
            if (foreignContainer != null) {
                docker.removeContainerCmd(foreignContainer).withForce(true).exec();
            }
        }
    }
}
