package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.miner.testing.TestImage;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --volume-grace}: a removed allocation's volume (docker runtime, mounted at the renter's
 * {@code volume_path}) is kept aside, with what the renter wrote, until the grace period has passed; then the expiry
 * job deletes it.
 */
class VolumeGraceTest {

    private static final Keypair MINER = Keypair.fromSuri("//Bob");
    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dataDir;

    private Miner miner;
    private AllocateDendrite api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (miner != null) {
            miner.removeAll();
            miner.close();
        }
    }

    @Test
    void a_removed_allocations_volume_is_kept_for_the_grace_period_then_deleted() throws Exception {
        String image = TestImage.ensureBuilt();
        int first = FreePorts.block(2);
        miner = Miner.start(MinerConfig.defaults(dataDir, new DockerSettings(DockerEngine.host(), image,
                                new HostPorts(new PortRange(first, first + 1), "127.0.0.1")))
                        .withAxon("127.0.0.1", 0)
                        .withCallers(Set.of(API.ss58Address()), false)
                        .withOffer(new MinerConfig.Offer(1, 512 * MIB, 0))
                        .withTiming(Duration.ofDays(1), Duration.ofMillis(300))
                        .withVolumeGrace(Duration.ofSeconds(4)),
                MINER, Optional.empty());
        api = new AllocateDendrite(API, miner.axonPort(), miner.hotkey());
        KeyPair rsa = RsaEnvelope.generateKeyPair();
        String pem = RsaEnvelope.publicKeyPem(rsa.getPublic());
        Map<String, Object> out = api.send(new Allocate().checking(false).timeline(1).publicKey(pem)
                .deviceRequirement(new DeviceRequirement(1, 0, "", 0, 256 * MIB, 1L << 30, false).toWire())
                .dockerRequirement(new DockerRequirement("ubuntu", "", 4444, "/data", "").toWire())).synapse().output();
        assertThat(out).as(out.toString()).containsEntry("status", true);
        AllocationInfo info = AllocationInfo.fromJson(
                RsaEnvelope.decryptFromBase64(rsa.getPrivate(), (String) out.get("info")));
        SshLogin.run("127.0.0.1", info.port(), info.username(), info.password(), null,
                "echo worth-keeping > /data/results.txt", Duration.ofSeconds(15));

        assertThat(api.deallocate(pem)).containsEntry("status", true);

        Path kept = dataDir.resolve("volumes-kept");
        assertThat(files(dataDir.resolve("volumes"))).as("the live volume is gone").isEmpty();
        List<Path> aside = files(kept);
        assertThat(aside).hasSize(1);
        assertThat(Files.readString(aside.get(0).resolve("results.txt"))).contains("worth-keeping");

        await().atMost(Duration.ofSeconds(20)).until(() -> files(kept).isEmpty());
    }

    private static List<Path> files(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
