package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A renter in a sandbox allocation, logged in over SSH through a real miner, looks for the operator's files: the
 * miner's data directory (its ledger), a wallet in the operator's home, the host's {@code /root} and {@code /etc/shadow},
 * another renter's files, the miner's process. None is there; its own directory is writable and lasts.
 *
 * <p>The miner's data directory and the operator's home are made under the build's {@code target/} (not {@code /tmp},
 * which the sandbox replaces by its own anyway), so "not visible" means the sandbox hides them, not the temp dir.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxConfinementTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final long MIB = 1024 * 1024;
    private static final DeviceRequirement SMALL = new DeviceRequirement(1, 0, "", 0, 64 * MIB, 0, false);
    private static final String WALLET_SECRET = "0x" + "ab".repeat(32);

    private Path base;
    private Path dataDir;
    private Path wallet;
    private Miner miner;
    private AllocateDendrite api;

    @BeforeAll
    void start_a_sandbox_miner_beside_an_operators_wallet() throws IOException {
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        base = Files.createTempDirectory(target, "confinement-");
        wallet = base.resolve("operator-home/.bittensor/wallets/default/hotkeys/default");
        Files.createDirectories(wallet.getParent());
        Files.writeString(wallet, "{\"secretSeed\": \"" + WALLET_SECRET + "\"}");
        dataDir = base.resolve("operator-home/.compute/miner");
        int first = FreePorts.block(4);
        MinerConfig config = MinerConfig.defaults(dataDir,
                        new SandboxSettings(new HostPorts(new PortRange(first, first + 3), "127.0.0.1")))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(2, 1024 * MIB, 0))
                .withTiming(Duration.ofHours(1), Duration.ofHours(1));
        miner = Miner.start(config, Keypair.fromSuri("//Bob"), Optional.empty());
        api = new AllocateDendrite(API, miner.axonPort(), miner.hotkey());
    }

    @AfterAll
    void stop() throws IOException {
        if (miner != null) {
            miner.removeAll();
            api.close();
            miner.close();
        }
        PathUtils.deleteDirectory(base);
    }

    @Test
    void a_renter_sees_neither_the_operators_files_nor_another_renters_and_keeps_its_own() throws IOException {
        var first = api.allocateOrFail(SMALL, 10, "");
        var second = api.allocateOrFail(SMALL, 10, "");
        Path ledger = dataDir.resolve(Ledger.FILE_NAME);
        assertThat(ledger).exists();
        Path firstsFile = dataDir.resolve("sandbox").resolve(allocationOn(first.info().port())).resolve("home/diary");

        String out = shell(first, "echo dear diary > diary; cat diary; "
                + tryRead("cat " + ledger) + tryRead("ls " + dataDir) + tryRead("cat " + wallet)
                + tryRead("ls " + base) + tryRead("cat /etc/shadow") + tryRead("ls /work") + tryRead("ls /home"));

        assertThat(out).doesNotContain(WALLET_SECRET).doesNotContain("SQLite format")
                .isEqualTo("dear diary\n" + "HIDDEN\n".repeat(7));
        assertThat(shell(first, "ls -A /root")).as("/root is the renter's own directory").isEqualTo("diary\n");
        assertThat(shell(first, "cat /proc/[0-9]*/cmdline | tr '\\0' ' '")).as("the miner's process")
                .doesNotContain("java");
        assertThat(firstsFile).as("what the renter wrote in /root lasts, on the host").hasContent("dear diary");

        String other = shell(second, tryRead("cat " + firstsFile) + "ls -A /root; echo; cat /root/diary 2>&1");
        assertThat(other).contains("HIDDEN").doesNotContain("dear diary");
        assertThat(shell(first, "cat diary")).as("a new session finds the file again").isEqualTo("dear diary\n");
    }

    /** A shell snippet printing HIDDEN when {@code command} fails (the file is not there), its output otherwise. */
    private static String tryRead(String command) {
        return "if " + command + " >/dev/null 2>&1; then " + command + "; else echo HIDDEN; fi; ";
    }

    private static String shell(AllocateDendrite.Lease lease, String command) throws IOException {
        return SshLogin.withPassword("127.0.0.1", lease.info().port(), "root", lease.info().password(), command);
    }

    private String allocationOn(int port) {
        return miner.ledger().live().stream().filter(a -> a.sshPort() == port).findFirst().orElseThrow().id();
    }
}
