package io.computeregister.api.miners;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.original.AllocatedHook;
import io.computeregister.api.original.OriginalMiner;
import io.computeregister.api.original.OriginalSpecs;
import io.computeregister.api.original.OriginalValidatorDb;
import io.computeregister.api.specs.SpecsSource;
import io.computeregister.api.specs.SpecsSynapse;
import io.computeregister.api.specs.ValidatorDbSpecs;
import io.computeregister.api.testing.FakeMinerClient;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.testing.TestDb;
import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.bittensor.subtensor.MetagraphSource;
import io.computeregister.protocol.specs.Specs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A discovery round through each real specs source: a miner is online exactly when its source has specs for it, and
 * the store keeps those specs and when they were reported.
 */
class MinerDiscoveryTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final Keypair OURS = Keypair.fromSuri("//Bob");
    private static final Keypair ORIGINAL = Keypair.fromSuri("//Charlie");
    private static final String OUR_SPECS = "{\"cpu\":{\"count\":4},\"gpu\":{\"count\":0,\"capacity\":0,\"details\":[]},"
            + "\"hard_disk\":{\"total\":100,\"free\":50},\"ram\":{\"total\":100,\"available\":50},\"has_docker\":true}";

    @TempDir
    Path tmp;

    private TestDb db;
    private AxonServer ourMiner;
    private OriginalMiner originalMiner;
    private Dendrite dendrite;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        // Our Java miner's axon, reduced to its Specs answer (the part discovery talks to).
        ourMiner = AxonServer.builder(OURS).host("127.0.0.1").port(0).build()
                .attach(Specs.class, s -> s.specsOutput(OUR_SPECS)).start();
        originalMiner = OriginalMiner.start(ORIGINAL, tmp, AllocatedHook.NONE);
        dendrite = Dendrite.create(API);
    }

    @AfterEach
    void stop() {
        if (dendrite != null) dendrite.close();
        if (ourMiner != null) ourMiner.close();
        if (originalMiner != null) originalMiner.close();
        if (db != null) db.close();
    }

    @Test
    void the_specs_synapse_finds_our_miner_and_leaves_the_original_miner_which_has_no_specs_handler_down() {
        SpecsSource source = new SpecsSynapse(dendrite, Duration.ofSeconds(5), db.clock);

        MinerDiscovery.Round round = discovery(source).runOnce();

        assertThat(round.online()).isEqualTo(1);
        MinerRecord ours = db.store.findMiner(OURS.ss58Address()).orElseThrow();
        assertThat(ours.health()).isEqualTo(Health.ONLINE);
        assertThat(ours.specsJson()).isEqualTo(OUR_SPECS);
        assertThat(ours.specsUpdatedAt()).isEqualTo(db.clock.instant());
        assertThat(db.store.findMiner(ORIGINAL.ss58Address()).orElseThrow().health()).isEqualTo(Health.DOWN);
    }

    @Test
    void the_validator_db_puts_the_original_miner_online_with_the_specs_the_validator_stored() throws Exception {
        Path file = tmp.resolve("database.db");
        String specs = OriginalSpecs.miner().gpus("NVIDIA A100-SXM4-80GB", 1, 81920.0).toJson();
        try (OriginalValidatorDb validator = OriginalValidatorDb.create(file)) {
            validator.details(1, ORIGINAL.ss58Address(), specs);
        }
        SpecsSource source = new ValidatorDbSpecs(file, ValidatorDbSpecs.DEFAULT_BUSY_TIMEOUT, db.clock);

        MinerDiscovery.Round round = discovery(source).runOnce();

        assertThat(round.online()).isEqualTo(1);
        MinerRecord original = db.store.findMiner(ORIGINAL.ss58Address()).orElseThrow();
        assertThat(original.health()).isEqualTo(Health.ONLINE);
        assertThat(original.specsJson()).isEqualTo(specs);
        assertThat(original.port()).isEqualTo(originalMiner.axonPort());
        assertThat(db.store.findMiner(OURS.ss58Address()).orElseThrow().health())
                .as("not in the validator's table").isEqualTo(Health.DOWN);
    }

    @Test
    void a_source_that_cannot_be_read_leaves_the_miners_down_and_the_round_completes() {
        SpecsSource source = new ValidatorDbSpecs(tmp.resolve("missing.db"), Duration.ZERO, db.clock);

        MinerDiscovery.Round round = discovery(source).runOnce();

        assertThat(round.metagraphLoaded()).isTrue();
        assertThat(round.online()).isZero();
        assertThat(round.down()).isEqualTo(2);
        assertThat(db.store.listMiners()).extracting(MinerRecord::health).containsOnly(Health.DOWN);
    }

    private MinerDiscovery discovery(SpecsSource source) {
        Metagraph metagraph = new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of(
                originalMiner.neuron(1),
                new Metagraph.Neuron(2, OURS.ss58Address(), OURS.ss58Address(), "127.0.0.1", ourMiner.port(), 0,
                        false, true)));
        MetagraphSource chain = new MetagraphSource() {
            @Override
            public Metagraph load() {
                return metagraph;
            }

            @Override
            public String describe() {
                return "test metagraph";
            }
        };
        return new MinerDiscovery(new MetagraphRefresher(chain, Duration.ofHours(1)), db.store,
                new MinerIndex(db.store), source, new FakeMinerClient(), Duration.ofSeconds(1), db.clock);
    }
}
