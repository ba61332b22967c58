package io.computeregister.miner.wandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.Miner;
import io.computeregister.miner.AllocateDendrite;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.specs.MinerSpecs;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbConfig;
import io.computeregister.protocol.wandb.WandbRun;
import io.computeregister.protocol.wandb.standin.RunSnapshot;
import io.computeregister.protocol.wandb.standin.WandbStandIn;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Our miner's W&amp;B run as the subnet sees it: a real miner (sandbox runtime), a real signed Allocate from a
 * dendrite, the W&amp;B stand-in, and the run read back with the ORIGINAL VALIDATOR's filter (docs/protocol.md §1.2,
 * §1.5): its specs, a valid signature, and {@code allocated} before, during and after an allocation.
 */
class MinerWandbRunTest {

    private static final Keypair MINER_HOTKEY = Keypair.fromSuri("//Bob");
    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String KEY = "miner-run-key-0123456789abcdef0123456789abcdef0123";
    private static final long MIB = 1024 * 1024;
    private static final DeviceRequirement SMALL = new DeviceRequirement(1, 0, "", 0, 256 * MIB, 1L << 30, false);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private WandbStandIn wandb;
    private WandbClient validator;
    private Miner miner;
    private AllocateDendrite api;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MinerRunPublisher.class);

    @BeforeEach
    void start() {
        wandb = new WandbStandIn(KEY);
        wandb.createProject("neuralinternet", "opencompute"); // the subnet's project exists long before our miner
        // the original validator reads with its own key, from the same project
        validator = new WandbClient(WandbConfig.fromEnv(wandb.env()).orElseThrow());
        logger.setLevel(Level.INFO);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        stopMiner();
        logger.detachAppender(logs);
        wandb.close();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(KEY));
    }

    private void startMiner(Duration refresh) {
        int first = FreePorts.block(4);
        MinerConfig config = MinerConfig.defaults(dataDir,
                        new SandboxSettings(new HostPorts(new PortRange(first, first + 3), "127.0.0.1")))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API_HOTKEY.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(2, 2048 * MIB, 0));
        WandbConfig w = WandbConfig.fromEnv(wandb.env()).orElseThrow();
        miner = Miner.start(config, MINER_HOTKEY, Optional.empty(),
                Optional.of(new MinerRunPublisher.Settings(w, refresh, Duration.ofMillis(300))));
        api = new AllocateDendrite(API_HOTKEY, miner.axonPort(), miner.hotkey());
    }

    private void stopMiner() {
        if (miner == null) return;
        for (Allocation a : miner.ledger().live()) api.deallocate(a.renterPublicKey());
        api.close();
        miner.close();
        miner = null;
    }

    /** Our miner's run as the original validator's get_miner_specs finds it: its filter, then the hotkey. */
    private Optional<WandbRun> asTheValidatorReadsIt() {
        List<WandbRun> runs = validator.runs(Map.of("$and", List.of(Map.of("config.role", "miner"),
                Map.of("config.config.netuid", 27), Map.of("state", "running"))));
        return runs.stream().filter(r -> MINER_HOTKEY.ss58Address().equals(r.hotkey())).findFirst();
    }

    private JsonNode allocatedValue() {
        return asTheValidatorReadsIt().map(r -> r.config().path("allocated")).orElseThrow();
    }

    @Test
    void the_run_the_validator_reads_carries_specs_a_valid_signature_and_who_holds_the_miner() throws Exception {
        startMiner(Duration.ofHours(1));

        WandbRun run = await().atMost(WAIT).until(this::asTheValidatorReadsIt, Optional::isPresent).orElseThrow();
        assertThat(run.name()).isEqualTo("miner-" + MINER_HOTKEY.ss58Address());
        assertThat(run.role()).isEqualTo("miner");
        assertThat(run.config().path("config").path("netuid").asInt()).isEqualTo(27);
        assertThat(RunSignature.verify(run.hotkey(), run.id(), run.config().path("signature").asText())).isTrue();
        JsonNode specs = run.config().path("specs");
        MinerSpecs parsed = MinerSpecs.fromJson(specs.toString());
        assertThat(parsed.cpu().count()).isPositive();
        assertThat(parsed.ram().total()).isPositive();
        assertThat(parsed.hardDisk().total()).isPositive();
        assertThat(specs.has("has_docker")).isTrue();
        assertThat(run.config().path("allocated").isNull()).as("nothing held yet").isTrue();
        // stored as W&B stores a Python client's config: every key wrapped in {"value": ..., "desc": ...}
        RunSnapshot stored = wandb.run("neuralinternet", "opencompute", run.id()).orElseThrow();
        assertThat(stored.wrappedConfig().path("specs").has("value")).isTrue();
        assertThat(stored.wrappedConfig().path("allocated").has("value")).isTrue();
        await().atMost(WAIT).until(() -> wandb.heartbeats() > 0);

        KeyPair userKey = SshLogin.newKey();
        AllocateDendrite.Lease lease = api.allocateOrFail(SMALL, 10, SshLogin.publicKeyLine(userKey));
        await().atMost(WAIT).until(() -> allocatedValue().asText("").equals(API_HOTKEY.ss58Address()));
        assertThat(SshLogin.withKey("127.0.0.1", lease.info().port(), "root", userKey, "echo held"))
                .contains("held");
        // COMPAT: a docker action leaves `allocated` as it is (its timeline is 0 here)
        assertThat(api.act(lease.publicKeyPem(), DockerAction.of("restart"))).containsEntry("status", true);
        assertThat(SshLogin.withKey("127.0.0.1", lease.info().port(), "root", userKey, "echo restarted"))
                .contains("restarted");
        Thread.sleep(500); // give a wrong write (if any) the chance to land before it is checked for
        assertThat(allocatedValue().asText("")).isEqualTo(API_HOTKEY.ss58Address());

        assertThat(api.deallocate(lease.publicKeyPem())).containsEntry("status", true);
        await().atMost(WAIT).until(() -> allocatedValue().isNull());
        assertThat(wandb.runs("neuralinternet", "opencompute")).hasSize(1);
        RunSnapshot after = wandb.run("neuralinternet", "opencompute", run.id()).orElseThrow();
        assertThat(after.value("specs")).as("the whole config was written back").isEqualTo(specs);
        assertThat(after.value("signature").asText()).isEqualTo(run.config().path("signature").asText());
    }

    @Test
    void a_restarted_miner_writes_the_same_run_which_runs_again() {
        startMiner(Duration.ofHours(1));
        String runId = await().atMost(WAIT).until(this::asTheValidatorReadsIt, Optional::isPresent).orElseThrow().id();

        stopMiner();
        assertThat(wandb.run("neuralinternet", "opencompute", runId).orElseThrow().state())
                .as("finished at exit, as the original's wandb.finish").isEqualTo("finished");
        assertThat(asTheValidatorReadsIt()).isEmpty();

        startMiner(Duration.ofHours(1));
        WandbRun again = await().atMost(WAIT).until(this::asTheValidatorReadsIt, Optional::isPresent).orElseThrow();
        assertThat(again.id()).isEqualTo(runId);
        assertThat(wandb.runs("neuralinternet", "opencompute")).hasSize(1);
        assertThat(RunSignature.verify(again.hotkey(), again.id(), again.config().path("signature").asText()))
                .isTrue();
    }

    @Test
    void w_and_b_trouble_never_fails_an_allocation_and_the_next_refresh_repairs_the_run() throws Exception {
        startMiner(Duration.ofSeconds(1));
        await().atMost(WAIT).until(this::asTheValidatorReadsIt, Optional::isPresent);
        wandb.failWith(500, "text/html", "<html>internal error</html>");

        KeyPair userKey = SshLogin.newKey();
        AllocateDendrite.Lease lease = api.allocateOrFail(SMALL, 10, SshLogin.publicKeyLine(userKey));
        assertThat(SshLogin.withKey("127.0.0.1", lease.info().port(), "root", userKey, "echo fine")).contains("fine");
        await().atMost(WAIT).until(() -> logs.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("not written")));

        wandb.recover();
        await().atMost(WAIT).until(() -> allocatedValue().asText("").equals(API_HOTKEY.ss58Address()));
        assertThat(api.deallocate(lease.publicKeyPem())).containsEntry("status", true);
        await().atMost(WAIT).until(() -> allocatedValue().isNull());
    }
}
