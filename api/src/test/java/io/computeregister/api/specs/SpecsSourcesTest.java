package io.computeregister.api.specs;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.original.OriginalSpecs;
import io.computeregister.api.original.OriginalValidatorDb;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbConfig;
import io.computeregister.protocol.wandb.standin.WandbStandIn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real W&amp;B and validator-database sources behind {@link SpecsSources}, against the W&amp;B stand-in and an
 * original-shaped {@code database.db}: precedence (W&amp;B before the validator's database, each miner from the first
 * source that has it), and one source's trouble (W&amp;B not answering JSON, the database missing, of another schema
 * or locked) leaving the others' specs in the round.
 */
class SpecsSourcesTest {

    private static final String KEY = "specs-sources-key-0123456789abcdef0123456789abcdef0";
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Keypair ALICE = Keypair.fromSuri("//Alice");
    private static final Keypair BOB = Keypair.fromSuri("//Bob");
    private static final List<Metagraph.Neuron> METAGRAPH = List.of(
            new Metagraph.Neuron(1, ALICE.ss58Address(), "5Ccold", "10.0.0.1", 8091, 0, false, true),
            new Metagraph.Neuron(2, BOB.ss58Address(), "5Ccold", "10.0.0.2", 8091, 0, false, true));

    @TempDir
    Path tmp;

    private WandbStandIn wandb;
    private Path validatorDb;

    @BeforeEach
    void start() throws Exception {
        wandb = new WandbStandIn(KEY);
        wandb.createProject("neuralinternet", "opencompute");
        // Alice publishes to W&B (signed as the original miner signs); the validator recorded both.
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("role", "miner");
        config.put("hotkey", ALICE.ss58Address());
        config.put("config", Map.of("netuid", 27));
        config.put("specs", OriginalSpecs.miner().gpus("NVIDIA H100 80GB HBM3", 1, 81559.0).toMap());
        config.put("allocated", null);
        config.put("signature", RunSignature.sign(ALICE, "alice001"));
        wandb.seedRun("neuralinternet", "opencompute", "alice001", "miner-" + ALICE.ss58Address(), "running",
                NOW.minusSeconds(3600), config);
        validatorDb = Files.createDirectories(tmp.resolve("validator")).resolve("database.db");
        try (var db = OriginalValidatorDb.create(validatorDb)) {
            db.specs(1, ALICE.ss58Address(), OriginalSpecs.miner().gpus("NVIDIA A100-SXM4-80GB", 1, 81920.0))
                    .specs(2, BOB.ss58Address(), OriginalSpecs.miner().gpus("NVIDIA GeForce RTX 4090", 1, 24564.0));
        }
    }

    @AfterEach
    void stop() {
        wandb.close();
    }

    private SpecsSources sources(Path db) {
        return new SpecsSources(List.of(
                new WandbMinerSpecs(new WandbClient(WandbConfig.fromEnv(wandb.env()).orElseThrow()),
                        new SimpleMeterRegistry(), CLOCK),
                new ValidatorDbSpecs(db, Duration.ofMillis(300), CLOCK)));
    }

    @Test
    void each_miner_takes_its_specs_from_the_first_source_that_has_them() {
        SpecsSources sources = sources(validatorDb);
        assertThat(sources.name()).isEqualTo("wandb,validator-db");

        Map<String, SpecsReport> read = sources.read(METAGRAPH);

        assertThat(read.get(ALICE.ss58Address()).source()).isEqualTo(WandbMinerSpecs.NAME);
        assertThat(read.get(ALICE.ss58Address()).specsJson()).contains("H100");
        assertThat(read.get(BOB.ss58Address()).source()).isEqualTo(ValidatorDbSpecs.NAME);
        assertThat(read.get(BOB.ss58Address()).specsJson()).contains("RTX 4090");
    }

    @Test
    void w_and_b_answering_something_that_is_not_json_leaves_the_validators_database_working() {
        wandb.failWith(502, "text/html", "<html><body>502 Bad Gateway</body></html>");

        Map<String, SpecsReport> read = sources(validatorDb).read(METAGRAPH);

        assertThat(read).containsOnlyKeys(ALICE.ss58Address(), BOB.ss58Address());
        assertThat(read.values()).extracting(SpecsReport::source).containsOnly(ValidatorDbSpecs.NAME);
    }

    @Test
    void a_validator_database_missing_of_another_schema_or_locked_leaves_w_and_b_working() throws Exception {
        Path otherSchema = tmp.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + otherSchema);
             var s = c.createStatement()) {
            s.execute("CREATE TABLE miners (hotkey TEXT)");
        }
        for (Path db : List.of(tmp.resolve("missing").resolve("database.db"), otherSchema)) {
            assertThat(sources(db).read(METAGRAPH)).as(db.toString()).containsOnlyKeys(ALICE.ss58Address());
        }
        // The validator holds a write lock on its database for longer than we wait.
        Path locked = Files.createDirectories(tmp.resolve("locked")).resolve("database.db");
        try (var db = OriginalValidatorDb.create(locked)) {
            db.specs(2, BOB.ss58Address(), OriginalSpecs.miner());
            try (AutoCloseable lock = db.holdWriteLock()) {
                Map<String, SpecsReport> read = sources(locked).read(METAGRAPH);
                assertThat(read).containsOnlyKeys(ALICE.ss58Address());
                assertThat(read.get(ALICE.ss58Address()).source()).isEqualTo(WandbMinerSpecs.NAME);
            }
        }
    }
}
