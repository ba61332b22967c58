package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.allocation.HostResources;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.allocation.ResourceRequest;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.TestImage;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miner died mid-build: its ledger holds the allocation as live, the engine its network and its derived image, and
 * no container. The next start marks the allocation vanished and removes both; another miner's leftovers on the same
 * engine stay.
 */
class DockerLeftoversTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dataDir;

    @TempDir
    Path buildDir;

    @Test
    void a_network_and_derived_image_left_by_a_miner_that_died_mid_build_are_removed_at_the_next_start()
            throws IOException {
        DockerClient docker = DockerEngine.requireOrSkip();
        String image = TestImage.ensureBuilt();
        int first = FreePorts.block(2);
        HostPorts ports = new HostPorts(new PortRange(first, first + 1), "127.0.0.1");
        String ours = UUID.randomUUID().toString();
        String foreign = UUID.randomUUID().toString();
        Instant now = Instant.now();
        try (Ledger ledger = Ledger.open(dataDir)) {
            ledger.admit(Allocation.active(ours, RsaEnvelope.publicKeyPem(RsaEnvelope.generateKeyPair().getPublic()),
                    first, new ResourceRequest(1, 64 * MIB, 0), now, now.plus(Duration.ofHours(1)), "docker",
                    API.ss58Address()), new HostResources(2, 1024 * MIB, 0, 2));
        }
        try {
            for (String id : new String[] {ours, foreign}) {
                leaveNetwork(docker, id);
                leaveDerivedImage(docker, image, id);
            }

            MinerConfig config = MinerConfig.defaults(dataDir, new DockerSettings(DockerEngine.host(), image, ports))
                    .withAxon("127.0.0.1", 0)
                    .withCallers(Set.of(API.ss58Address()), false);
            try (Miner miner = Miner.start(config, Keypair.fromSuri("//Bob"), Optional.empty())) {
                assertThat(miner.ledger().find(ours)).get().extracting(Allocation::state)
                        .isEqualTo(Allocation.State.REMOVED);
            }

            assertThat(docker.listNetworksCmd().withNameFilter("compute-net-" + ours).exec()).isEmpty();
            assertThatThrownBy(() -> docker.inspectImageCmd("compute-register/alloc:" + ours).exec())
                    .isInstanceOf(NotFoundException.class);
            assertThat(docker.listNetworksCmd().withNameFilter("compute-net-" + foreign).exec())
                    .as("another miner's").hasSize(1);
            assertThat(docker.inspectImageCmd("compute-register/alloc:" + foreign).exec().getId()).isNotBlank();
        } finally {
            for (String id : new String[] {ours, foreign}) {
                docker.listNetworksCmd().withNameFilter("compute-net-" + id).exec()
                        .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
                try {
                    docker.removeImageCmd("compute-register/alloc:" + id).withForce(true).exec();
                } catch (NotFoundException ignored) {
                    // removed by the miner
                }
            }
        }
    }

    private static Map<String, String> labels(String id) {
        return Map.of("io.computeregister.managed", "true", "io.computeregister.allocation", id);
    }

    private static void leaveNetwork(DockerClient docker, String id) {
        docker.createNetworkCmd().withName("compute-net-" + id).withDriver("bridge").withLabels(labels(id)).exec();
    }

    private void leaveDerivedImage(DockerClient docker, String base, String id) throws IOException {
        Path dir = Files.createDirectories(buildDir.resolve(id));
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + base + "\n");
        docker.buildImageCmd().withBaseDirectory(dir.toFile()).withDockerfile(dir.resolve("Dockerfile").toFile())
                .withTags(Set.of("compute-register/alloc:" + id)).withPull(false).withLabels(labels(id))
                .exec(new BuildImageResultCallback()).awaitImageId();
    }
}
