package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closed by default: a miner that names no caller does not start; one that is opened on purpose serves anyone. */
class CallerPolicyMinerTest {

    private static final Keypair STRANGER = Keypair.fromSuri("//Eve");

    @TempDir
    Path dataDir;

    private MinerConfig config() {
        int first = FreePorts.block(2);
        return MinerConfig.defaults(dataDir,
                        new SandboxSettings(new HostPorts(new PortRange(first, first + 1), "127.0.0.1")))
                .withAxon("127.0.0.1", 0);
    }

    @Test
    void a_miner_without_a_caller_policy_refuses_to_start_and_opens_nothing() {
        assertThatThrownBy(() -> Miner.start(config(), Keypair.fromSuri("//Bob"), Optional.empty()).close())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("--allow-hotkey", "--metagraph", "--open");
        assertThat(dataDir.resolve(Ledger.FILE_NAME)).doesNotExist();
    }

    @Test
    void a_miner_opened_on_purpose_answers_any_hotkey() {
        try (Miner miner = Miner.start(config().withAnyCaller(), Keypair.fromSuri("//Bob"), Optional.empty());
                AllocateDendrite stranger = new AllocateDendrite(STRANGER, miner.axonPort(), miner.hotkey())) {
            assertThat(miner.isOpen()).isTrue();
            var reply = stranger.send(new Allocate().checking(true).timeline(1)
                    .deviceRequirement(new DeviceRequirement(1, 0, "", 0, 1 << 20, 0, false).toWire()));
            assertThat(reply.statusCode()).isEqualTo(200);
            assertThat(reply.synapse().output()).containsEntry("status", true);
        }
    }
}
