package io.computeregister.api.minerclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.jobs.MinerFleet;
import io.computeregister.api.testing.FakeMinerClient;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.miner.Miner;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.allocate.DockerRequirement;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fake miner the API's tests use ({@link FakeMinerClient}) answers as our real miner does: the same assertions
 * run against both, the real one through the dendrite to a real miner (sandbox runtime, offer sized for one such
 * request). Before, the fake said "busy" for a rented miner and the real one "free", so tests of check_miner_status
 * passed on a behaviour no real miner had.
 */
class MinerClientContractTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    /** MinerFleet's whole offer (2 cores, 2 GiB): one such request fills a miner. */
    private static final DeviceRequirement WHOLE = DeviceRequirement.of(2, "", 0, 2.0, 0);

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fake", "real miner"})
    void probe_allocate_deallocate_answer_alike(String subject) throws Exception {
        try (Subject s = subject.equals("fake") ? Subject.fake() : Subject.real(tmp)) {
            MinerClient client = s.client;
            MinerAddress miner = s.address;

            assertThat(client.probe(miner, WHOLE, 1)).isEqualTo(new MinerClient.ProbeResult.Available(0));
            assertThat(client.probe(miner, null, 1)).isEqualTo(new MinerClient.ProbeResult.Available(0));

            AllocateOrder order = AllocateOrder.withFreshKeys(1, WHOLE, DockerRequirement.requestDefaults());
            assertThat(client.allocate(miner, order)).isInstanceOf(MinerClient.AllocateResult.Allocated.class);

            // The request no longer fits, and the miner says this API holds one allocation there.
            assertThat(client.probe(miner, WHOLE, 1)).isEqualTo(new MinerClient.ProbeResult.Busy(1));

            AllocateOrder other = AllocateOrder.withFreshKeys(1, WHOLE, DockerRequirement.requestDefaults());
            assertThat(client.deallocate(miner, other.publicKeyPem()))
                    .as("another key removes nothing").isInstanceOf(MinerClient.Confirmation.Denied.class);
            assertThat(client.deallocate(miner, order.publicKeyPem()))
                    .isInstanceOf(MinerClient.Confirmation.Confirmed.class);
            assertThat(client.deallocate(miner, order.publicKeyPem()))
                    .as("nothing left for that key").isInstanceOf(MinerClient.Confirmation.Denied.class);
            assertThat(client.probe(miner, WHOLE, 1)).isEqualTo(new MinerClient.ProbeResult.Available(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fake", "real miner"})
    void extend_and_logs_answer_the_owner_and_refuse_anyone_else_or_a_bad_count(String subject) throws Exception {
        try (Subject s = subject.equals("fake") ? Subject.fake() : Subject.real(tmp)) {
            MinerClient client = s.client;
            MinerAddress miner = s.address;
            AllocateOrder order = AllocateOrder.withFreshKeys(1, WHOLE, DockerRequirement.requestDefaults());
            assertThat(client.allocate(miner, order)).isInstanceOf(MinerClient.AllocateResult.Allocated.class);

            var first = client.actionOutput(miner, order.publicKeyPem(), DockerAction.extend(2), 1);
            assertThat(first).isInstanceOf(MinerClient.ActionOutput.Done.class);
            java.time.Instant once = java.time.Instant.parse(String.valueOf(
                    ((MinerClient.ActionOutput.Done) first).output().get("expires_at")));
            // created with one day: now about three days away
            assertThat(once).isBetween(java.time.Instant.now().plus(java.time.Duration.ofHours(71)),
                    java.time.Instant.now().plus(java.time.Duration.ofHours(73)));
            var again = (MinerClient.ActionOutput.Done) client.actionOutput(miner, order.publicKeyPem(),
                    DockerAction.extend(1), 3);
            assertThat(java.time.Instant.parse(String.valueOf(again.output().get("expires_at"))))
                    .isEqualTo(once.plus(java.time.Duration.ofDays(1)));

            AllocateOrder other = AllocateOrder.withFreshKeys(1, WHOLE, DockerRequirement.requestDefaults());
            assertThat(client.actionOutput(miner, other.publicKeyPem(), DockerAction.extend(2), 1))
                    .as("another key").isInstanceOf(MinerClient.ActionOutput.Refused.class);
            assertThat(client.actionOutput(miner, order.publicKeyPem(), DockerAction.extend(0), 1))
                    .as("zero days").isInstanceOf(MinerClient.ActionOutput.Refused.class);
            // logs: the owner gets the output (the sandbox keeps none: ""), anyone else or a bad tail no.
            var logs = client.actionOutput(miner, order.publicKeyPem(), DockerAction.logs(10), 3);
            assertThat(logs).isInstanceOf(MinerClient.ActionOutput.Done.class);
            assertThat(((MinerClient.ActionOutput.Done) logs).output().get("logs")).isEqualTo("");
            assertThat(client.actionOutput(miner, other.publicKeyPem(), DockerAction.logs(10), 3))
                    .isInstanceOf(MinerClient.ActionOutput.Refused.class);
            assertThat(client.actionOutput(miner, order.publicKeyPem(), DockerAction.logs(0), 3))
                    .isInstanceOf(MinerClient.ActionOutput.Refused.class);
            assertThat(client.deallocate(miner, order.publicKeyPem()))
                    .isInstanceOf(MinerClient.Confirmation.Confirmed.class);
        }
    }

    /** One miner behind a client: the fake, or a real miner reached through a dendrite. */
    private record Subject(MinerClient client, MinerAddress address, AutoCloseable resources)
            implements AutoCloseable {

        static Subject fake() {
            return new Subject(new FakeMinerClient(), new MinerAddress("hk-fake", "127.0.0.1", 1), () -> { });
        }

        static Subject real(Path dir) throws Exception {
            MinerFleet fleet = new MinerFleet(dir, 1, API);
            Dendrite dendrite = Dendrite.create(API);
            Miner miner = fleet.miner(0);
            MinerClient client = new DendriteMinerClient(dendrite, Duration.ofSeconds(10), Duration.ofSeconds(60),
                    Duration.ofSeconds(20));
            return new Subject(client, new MinerAddress(miner.hotkey(), "127.0.0.1", miner.axonPort()), () -> {
                dendrite.close();
                fleet.close();
            });
        }

        @Override
        public void close() throws Exception {
            resources.close();
        }
    }
}
