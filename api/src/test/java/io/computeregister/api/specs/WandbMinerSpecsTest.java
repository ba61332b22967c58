package io.computeregister.api.specs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbConfig;
import io.computeregister.protocol.wandb.standin.WandbStandIn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The W&amp;B specs source against the W&amp;B stand-in, with miner runs seeded as the original Python miner creates
 * them (docs/protocol.md §1.2 step 1): which runs the original validator would take, and which it ignores.
 */
class WandbMinerSpecsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "specs-source-key-0123456789abcdef0123456789abcdef01";
    private static final String E = "neuralinternet";
    private static final String P = "opencompute";
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant NOW = T0.plusSeconds(86_400);
    private static final Keypair ALICE = Keypair.fromSuri("//Alice");
    private static final Keypair BOB = Keypair.fromSuri("//Bob");
    private static final Keypair CHARLIE = Keypair.fromSuri("//Charlie");
    private static final Keypair DAVE = Keypair.fromSuri("//Dave");
    private static final Keypair EVE = Keypair.fromSuri("//Eve");
    private static final Keypair FERDIE = Keypair.fromSuri("//Ferdie");
    private static final Map<String, Object> RTX_4090 = Map.of(
            "cpu", Map.of("count", 16, "frequency", 3600.0),
            "gpu", Map.of("count", 1, "capacity", 24564, "details",
                    List.of(Map.of("name", "NVIDIA GeForce RTX 4090", "capacity", 24564))),
            "hard_disk", Map.of("total", 1073741824000L, "free", 871878361088L),
            "ram", Map.of("total", 68719476736L, "available", 62277025792L),
            "has_docker", true);

    private WandbStandIn wandb;
    private SimpleMeterRegistry registry;
    private WandbMinerSpecs source;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(WandbMinerSpecs.class);

    @BeforeEach
    void start() {
        wandb = new WandbStandIn(KEY);
        wandb.createProject(E, P);
        registry = new SimpleMeterRegistry();
        source = source(wandb.env());
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(logs);
        wandb.close();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(KEY));
    }

    private WandbMinerSpecs source(Map<String, String> env) {
        return new WandbMinerSpecs(new WandbClient(WandbConfig.fromEnv(env).orElseThrow()), registry,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Metagraph.Neuron neuron(int uid, Keypair hotkey) {
        return new Metagraph.Neuron(uid, hotkey.ss58Address(), "5Ccoldkey", "10.0.0." + uid, 8091, 0, false, true);
    }

    private static final List<Metagraph.Neuron> METAGRAPH = List.of(neuron(1, ALICE), neuron(2, BOB),
            neuron(3, CHARLIE), neuron(4, DAVE), neuron(5, EVE));

    /** The config the original miner passes to {@code wandb.init}, signed (or not) as it signs. */
    private static Map<String, Object> minerConfig(Keypair hotkey, int netuid, Object specs, String signature) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("role", "miner");
        config.put("hotkey", hotkey.ss58Address());
        config.put("config", Map.of("netuid", netuid, "axon", Map.of("port", 8091)));
        config.put("specs", specs);
        config.put("allocated", null);
        if (signature != null) config.put("signature", signature);
        return config;
    }

    private void minerRun(String runId, Keypair hotkey, Instant created, Object specs) {
        wandb.seedRun(E, P, runId, "miner-" + hotkey.ss58Address(), "running", created,
                minerConfig(hotkey, 27, specs, RunSignature.sign(hotkey, runId)));
    }

    private double rejected(String reason) {
        return registry.get(WandbMinerSpecs.REJECTED).tag("reason", reason).counter().count();
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void a_signed_running_miner_run_of_a_metagraph_hotkey_is_read_with_its_specs() throws Exception {
        minerRun("alice001", ALICE, T0, RTX_4090);

        Map<String, SpecsReport> read = source.read(METAGRAPH);

        assertThat(read).containsOnlyKeys(ALICE.ss58Address());
        SpecsReport report = read.get(ALICE.ss58Address());
        assertThat(report.source()).isEqualTo("wandb").isEqualTo(source.name());
        assertThat(report.reportedAt()).as("the run's last sign of life").isEqualTo(T0);
        assertThat(JSON.readTree(report.specsJson())).isEqualTo(JSON.valueToTree(RTX_4090));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void an_unsigned_run_and_badly_signed_runs_are_ignored_and_counted() {
        wandb.seedRun(E, P, "bobnosig", "miner-" + BOB.ss58Address(), "running", T0,
                minerConfig(BOB, 27, RTX_4090, null));
        // signed by someone else over the right run id
        wandb.seedRun(E, P, "charlie1", "miner-" + CHARLIE.ss58Address(), "running", T0,
                minerConfig(CHARLIE, 27, RTX_4090, RunSignature.sign(EVE, "charlie1")));
        // signed by the right hotkey over another run id (copied from another run)
        wandb.seedRun(E, P, "dave0001", "miner-" + DAVE.ss58Address(), "running", T0,
                minerConfig(DAVE, 27, RTX_4090, RunSignature.sign(DAVE, "dave0000")));
        minerRun("alice001", ALICE, T0, RTX_4090);

        Map<String, SpecsReport> read = source.read(METAGRAPH);

        assertThat(read).containsOnlyKeys(ALICE.ss58Address());
        assertThat(rejected("unsigned")).isEqualTo(1.0);
        assertThat(rejected("bad_signature")).isEqualTo(2.0);
        assertThat(rejected("malformed_specs")).isZero();
    }

    @Test
    void runs_outside_the_original_validators_filter_or_the_metagraph_are_not_read_nor_counted() {
        minerRun("ferdie01", FERDIE, T0, RTX_4090); // signed, but Ferdie is not in the metagraph
        minerRun("bobstopd", BOB, T0, RTX_4090);
        wandb.setState(E, P, "bobstopd", "finished");
        Map<String, Object> validator = minerConfig(CHARLIE, 27, RTX_4090, RunSignature.sign(CHARLIE, "charval1"));
        validator.put("role", "validator");
        wandb.seedRun(E, P, "charval1", "validator-" + CHARLIE.ss58Address(), "running", T0, validator);
        wandb.seedRun(E, P, "davesn11", "miner-" + DAVE.ss58Address(), "running", T0,
                minerConfig(DAVE, 11, RTX_4090, RunSignature.sign(DAVE, "davesn11")));
        wandb.seedRun(E, "another-project", "eve00001", "miner-" + EVE.ss58Address(), "running", T0,
                minerConfig(EVE, 27, RTX_4090, RunSignature.sign(EVE, "eve00001")));
        minerRun("eveempty", EVE, T0, Map.of()); // a miner that reported nothing yet

        assertThat(source.read(METAGRAPH)).isEmpty();
        assertThat(registry.get(WandbMinerSpecs.REJECTED).counters()).allMatch(c -> c.count() == 0);
    }

    @Test
    void of_two_runs_of_one_hotkey_the_newest_signed_one_wins() throws Exception {
        Map<String, Object> older = Map.of("cpu", Map.of("count", 4), "gpu", Map.of("count", 0));
        minerRun("bobold01", BOB, T0, older);
        minerRun("bobnew01", BOB, T0.plusSeconds(3600), RTX_4090);
        // a newer run that is not Bob's (bad signature) does not shadow his signed one
        wandb.seedRun(E, P, "bobfake1", "miner-" + BOB.ss58Address(), "running", T0.plusSeconds(7200),
                minerConfig(BOB, 27, Map.of("gpu", Map.of("count", 8)), RunSignature.sign(EVE, "bobfake1")));

        SpecsReport report = source.read(METAGRAPH).get(BOB.ss58Address());

        assertThat(JSON.readTree(report.specsJson())).isEqualTo(JSON.valueToTree(RTX_4090));
        assertThat(report.reportedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(rejected("bad_signature")).isEqualTo(1.0);
    }

    @Test
    void specs_that_are_not_specs_are_ignored_and_counted() {
        minerRun("alicestr", ALICE, T0, "an RTX 4090");
        minerRun("bobgpust", BOB, T0, Map.of("gpu", "none", "cpu", Map.of("count", 2)));
        minerRun("charlist", CHARLIE, T0, List.of(RTX_4090));
        minerRun("dave0001", DAVE, T0, RTX_4090);

        assertThat(source.read(METAGRAPH)).containsOnlyKeys(DAVE.ss58Address());
        assertThat(rejected("malformed_specs")).isEqualTo(3.0);
    }

    @Test
    void the_project_is_the_configured_one() {
        wandb.seedRun("acme", "compute-test", "alice001", "miner-" + ALICE.ss58Address(), "running", T0,
                minerConfig(ALICE, 27, RTX_4090, RunSignature.sign(ALICE, "alice001")));
        Map<String, String> env = new HashMap<>(wandb.env());
        env.put("WANDB_ENTITY", "acme");
        env.put("WANDB_PROJECT", "compute-test");

        assertThat(source(env).read(METAGRAPH)).containsOnlyKeys(ALICE.ss58Address());
        assertThat(source.read(METAGRAPH)).isEmpty();
    }

    @Test
    void an_answer_that_is_not_json_logs_one_line_and_yields_nothing_until_w_and_b_is_back() {
        minerRun("alice001", ALICE, T0, RTX_4090);
        wandb.failWith(502, "text/html", "<html><body>502 Bad Gateway</body></html>");

        assertThat(source.read(METAGRAPH)).isEmpty();
        assertThat(warnings()).singleElement().asString()
                .startsWith("specs source wandb: cannot read the miner runs of neuralinternet/opencompute: W&B runs: ")
                .contains("HTTP 502", "not JSON", "no specs from W&B this round");

        wandb.recover();
        assertThat(source.read(METAGRAPH)).containsOnlyKeys(ALICE.ss58Address());
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void a_refused_key_or_a_graphql_error_is_one_line_too() {
        Map<String, String> env = new HashMap<>(wandb.env());
        env.put("WANDB_API_KEY", "not-the-key");
        assertThat(source(env).read(METAGRAPH)).isEmpty();
        env = new HashMap<>(wandb.env());
        env.put("WANDB_PROJECT", "no-such-project");
        assertThat(source(env).read(METAGRAPH)).isEmpty();

        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(0)).contains("refused the API key (HTTP 401)").doesNotContain("not-the-key");
        assertThat(warnings().get(1)).contains("W&B has no project neuralinternet/no-such-project");
    }
}
