package io.computeregister.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.image.SshTestImage;
import io.computeregister.miner.runtime.docker.DockerConnection;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code compute miner} as a separate JVM: allocate through a dendrite, SIGKILL the miner, start it again on the same
 * data directory; the renter's SSH works and the allocation still expires on time.
 */
class MinerRestartTest {

    private static final Keypair MINER = Keypair.fromSuri("//Bob");
    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final Duration UNIT = Duration.ofSeconds(4);
    // 40 s: room for a kill and two JVM starts even on a loaded CI machine (20 s was seen to run out there)
    private static final int TIMELINE = 10;
    private static final SshClient SSH = sshClient();

    @TempDir
    Path dataDir;

    @AfterAll
    static void closeSsh() {
        SSH.stop();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "docker"})
    void a_miner_killed_with_sigkill_keeps_serving_its_allocation_and_expires_it_on_time(String runtime)
            throws Exception {
        if (runtime.equals("docker")) {
            requireDockerWithTestImage();
        }
        int axonPort = ApiProcess.freePort();
        int sshFirst = ApiProcess.freePort();
        List<String> args = List.of("miner", "--hotkey", "//Bob", "--host", "127.0.0.1", "--port",
                Integer.toString(axonPort), "--runtime", runtime, "--ssh-ports", sshFirst + "-" + sshFirst,
                "--ssh-host", "127.0.0.1", "--allow-hotkey", API.ss58Address(), "--data-dir", dataDir.toString(),
                "--offer-cpus", "1", "--offer-memory-gib", "1", "--timeline-unit", UNIT.toSeconds() + "s",
                "--expiry-period", "500ms");
        try (Dendrite dendrite = Dendrite.create(API); MinerProcess miner = MinerProcess.start(args, dataDir)) {
            AxonTarget target = new AxonTarget("127.0.0.1", axonPort, MINER.ss58Address());
            KeyPair rsa = RsaEnvelope.generateKeyPair();
            Allocate reply = dendrite.callBlocking(target, new Allocate().checking(false).timeline(TIMELINE)
                    .publicKey(RsaEnvelope.publicKeyPem(rsa.getPublic()))
                    .deviceRequirement(new DeviceRequirement(1, 0, "", 0, 128L << 20, 0, false).toWire()),
                    Duration.ofSeconds(60)).synapse();
            assertThat(reply.output()).containsEntry("status", true);
            AllocationInfo info = AllocationInfo.fromJson(
                    RsaEnvelope.decryptFromBase64(rsa.getPrivate(), (String) reply.output().get("info")));
            assertThat(ssh(info, "echo before-kill")).contains("before-kill");

            miner.kill(); // SIGKILL: no shutdown hook runs
            if (runtime.equals("docker")) {
                // the container does not depend on the miner process
                assertThat(ssh(info, "echo miner-dead")).contains("miner-dead");
            }

            miner.restart();
            assertThat(ssh(info, "echo after-restart")).contains("after-restart");

            Instant expiresAt;
            try (Ledger ledger = Ledger.open(dataDir)) {
                expiresAt = ledger.live().getFirst().expiresAt();
            }
            assertThat(Instant.now()).as("still before expiry when checked").isBefore(expiresAt);
            // removed on time: within the expiry period (+ slack for a loaded machine) after expires_at
            Instant deadline = expiresAt.plusSeconds(5);
            while (Instant.now().isBefore(deadline) && sshWorks(info)) {
                Thread.sleep(200);
            }
            assertThat(sshWorks(info)).as("SSH after expiry").isFalse();
            assertThat(Instant.now()).isBefore(deadline.plusSeconds(3));
            // the ledger row follows once the runtime has finished removing the machine (docker stops it first)
            try (Ledger ledger = Ledger.open(dataDir)) {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ledger.live().isEmpty());
            }
        }
    }

    private static void requireDockerWithTestImage() {
        String host = System.getenv("DOCKER_HOST") == null ? DockerConnection.DEFAULT_HOST : System.getenv("DOCKER_HOST");
        String reason = null;
        try {
            DockerClient docker = DockerConnection.open(host, Duration.ofMinutes(3));
            docker.pingCmd().exec();
            SshTestImage.ensureBuilt(docker, SshTestImage.DEFAULT_TAG, false);
        } catch (RuntimeException e) {
            reason = "docker at " + host + " unusable: " + e.getMessage();
        }
        if (reason != null) {
            if ("1".equals(System.getenv("REQUIRE_DOCKER"))) {
                fail("REQUIRE_DOCKER=1 but " + reason);
            }
            System.out.println("SKIPPED (docker): " + reason);
            Assumptions.abort(reason);
        }
    }

    private static boolean sshWorks(AllocationInfo info) {
        try {
            return ssh(info, "echo ok", Duration.ofSeconds(2)).contains("ok");
        } catch (IOException e) {
            return false;
        }
    }

    private static String ssh(AllocationInfo info, String command) throws IOException {
        return ssh(info, command, Duration.ofSeconds(5));
    }

    private static String ssh(AllocationInfo info, String command, Duration timeout) throws IOException {
        try (ClientSession session = SSH.connect(info.username(), "127.0.0.1", info.port()).verify(timeout)
                .getSession()) {
            session.addPasswordIdentity(info.password());
            session.auth().verify(timeout);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ClientChannel channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.open().verify(timeout);
                channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static SshClient sshClient() {
        SshClient c = SshClient.setUpDefaultClient();
        c.setServerKeyVerifier((session, address, key) -> true);
        c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        c.start();
        return c;
    }
}
