package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortPool;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.RuntimeSpec;
import io.computeregister.miner.runtime.Site;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.TestImage;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An Allocate whose caller stopped waiting: the axon answers 408 at the caller's timeout and lets the handler run to
 * its end; the machine that comes up afterwards is removed again, since nobody ever got its credentials.
 */
class CallerTimeoutTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final long MIB = 1024 * 1024;
    private static final Duration START_DELAY = Duration.ofSeconds(3);

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "docker"})
    void an_allocation_ready_only_after_its_callers_timeout_is_removed_and_leaves_nothing(String runtime) {
        int first = FreePorts.block(2);
        HostPorts ports = new HostPorts(new PortRange(first, first + 1), "127.0.0.1");
        RuntimeSettings real = runtime.equals("docker")
                ? new DockerSettings(DockerEngine.host(), TestImage.ensureBuilt(), ports)
                : new SandboxSettings(ports);
        SlowStart slow = new SlowStart(real);
        MinerConfig config = MinerConfig.defaults(dataDir, slow)
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(2, 1024 * MIB, 0));

        try (Miner miner = Miner.start(config, Keypair.fromSuri("//Bob"), Optional.empty());
                AllocateDendrite api = new AllocateDendrite(API, miner.axonPort(), miner.hotkey())) {
            try {
                Allocate request = new Allocate().checking(false).timeline(1)
                        .publicKey(RsaEnvelope.publicKeyPem(RsaEnvelope.generateKeyPair().getPublic()))
                        .deviceRequirement(new DeviceRequirement(1, 0, "", 0, 64 * MIB, 0, false).toWire())
                        .dockerRequirement(DockerRequirement.defaults().toWire());

                var reply = api.send(request, Duration.ofSeconds(1));

                assertThat(reply.statusCode()).isEqualTo(408);
                await().atMost(Duration.ofSeconds(60)).until(() -> !slow.started.isEmpty());
                String id = slow.started.getFirst();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(miner.ledger().find(id)).get().extracting(Allocation::state)
                            .isEqualTo(Allocation.State.REMOVED);
                    assertThat(miner.ledger().live()).isEmpty();
                    assertThat(slow.opened.state(id)).as("its machine").isEqualTo(ContainerRuntime.State.MISSING);
                    assertThat(((PortPool) miner.endpointPool()).held()).as("its port").isEmpty();
                });
                assertThat(miner.ledger().heldBy(API.ss58Address())).isZero();
            } finally {
                miner.removeAll(); // whatever happened, no machine outlives the test (close leaves them running)
            }
        }
    }

    /** The real runtime, with every start delayed past the caller's timeout; records what it started. */
    static final class SlowStart implements RuntimeSettings {
        final RuntimeSettings real;
        final List<String> started = new CopyOnWriteArrayList<>();
        volatile ContainerRuntime opened;

        SlowStart(RuntimeSettings real) {
            this.real = real;
        }

        @Override
        public String runtimeName() {
            return real.runtimeName();
        }

        @Override
        public Optional<HostPorts> hostPorts() {
            return real.hostPorts();
        }

        @Override
        public ContainerRuntime open(Path dataDir) {
            ContainerRuntime runtime = real.open(dataDir);
            opened = runtime;
            return new ContainerRuntime() {
                @Override
                public String name() {
                    return runtime.name();
                }

                @Override
                public Site site() {
                    return runtime.site();
                }

                @Override
                public Started start(RuntimeSpec spec) {
                    try {
                        Thread.sleep(START_DELAY.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Started s = runtime.start(spec);
                    started.add(spec.allocationId());
                    return s;
                }

                @Override
                public void restart(String allocationId) {
                    runtime.restart(allocationId);
                }

                @Override
                public void pause(String allocationId) {
                    runtime.pause(allocationId);
                }

                @Override
                public void unpause(String allocationId) {
                    runtime.unpause(allocationId);
                }

                @Override
                public void replaceKey(String allocationId, KeySlot slot, String publicKey) {
                    runtime.replaceKey(allocationId, slot, publicKey);
                }

                @Override
                public void remove(String allocationId) {
                    runtime.remove(allocationId);
                }

                @Override
                public State state(String allocationId) {
                    return runtime.state(allocationId);
                }

                @Override
                public List<String> list() {
                    return runtime.list();
                }

                @Override
                public List<String> leftovers() {
                    return runtime.leftovers();
                }

                @Override
                public void close() {
                    runtime.close();
                }
            };
        }
    }
}
