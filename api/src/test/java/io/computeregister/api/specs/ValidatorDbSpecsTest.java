package io.computeregister.api.specs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import io.computeregister.api.original.OriginalSpecs;
import io.computeregister.api.original.OriginalValidatorDb;
import io.computeregister.bittensor.subtensor.Metagraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Specs read from an original validator's database.db, built as the validator builds it. */
class ValidatorDbSpecsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** Short, so the locked case costs little; production waits DEFAULT_BUSY_TIMEOUT. */
    private static final Duration BUSY = Duration.ofMillis(300);

    private static final String ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
    private static final String CHARLIE = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
    private static final String DAVE = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";

    @TempDir
    Path tmp;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void captureLogs() {
        logger = (Logger) LoggerFactory.getLogger(ValidatorDbSpecs.class);
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logger.setLevel(null);
    }

    @Test
    void specs_the_validator_wrote_are_read_for_the_metagraphs_miners_only_and_blank_or_broken_details_are_none()
            throws Exception {
        Path file = tmp.resolve("database.db");
        try (var db = OriginalValidatorDb.create(file)) {
            db.specs(1, ALICE, OriginalSpecs.miner().gpus("NVIDIA A100-SXM4-80GB", 2, 81920.0))
                    .specs(2, BOB, OriginalSpecs.miner().gpus("NVIDIA GeForce RTX 4090", 1, 24564.0))
                    .noSpecs(3, CHARLIE)          // first empty answer: row with '{}'
                    .details(4, DAVE, "[1, 2]")   // not an object
                    .specs(9, "5Fnot-in-the-metagraph", OriginalSpecs.miner().gpus("NVIDIA H100", 8, 81559.0));
            for (int i = 0; i < 6; i++) db.noSpecs(2, BOB); // Bob stopped reporting: blanked to '{}' after 5
        }

        Map<String, SpecsReport> read = source(file).read(neurons(ALICE, BOB, CHARLIE, DAVE));

        assertThat(read).containsOnlyKeys(ALICE);
        SpecsReport alice = read.get(ALICE);
        assertThat(alice.source()).isEqualTo("validator-db");
        assertThat(alice.reportedAt()).isEqualTo(NOW);
        JsonNode specs = Json.MAPPER.readTree(alice.specsJson());
        assertThat(specs.path("gpu").path("count").asInt()).isEqualTo(2);
        assertThat(specs.path("gpu").path("capacity").asDouble()).isEqualTo(163840.0);
        assertThat(specs.path("gpu").path("details").get(0).path("name").asText()).isEqualTo("NVIDIA A100-SXM4-80GB");
        // The validator's json.dumps text is passed on unchanged.
        assertThat(alice.specsJson()).startsWith("{\"cpu\": {\"count\": ");
        assertThat(warnings()).isEmpty();
        assertThat(lines()).anySatisfy(l -> assertThat(l).contains("1 miners with specs", "3 without",
                "2 blank", "1 not a JSON object", "1 rows not in the metagraph"));
    }

    @Test
    void the_file_is_opened_read_only_so_a_round_never_writes_or_creates_it() throws Exception {
        Path file = tmp.resolve("database.db");
        try (var db = OriginalValidatorDb.create(file)) {
            db.specs(1, ALICE, OriginalSpecs.miner().gpus("NVIDIA A100-SXM4-80GB", 1, 81920.0));
        }
        long sizeBefore = Files.size(file);
        var modifiedBefore = Files.getLastModifiedTime(file);

        assertThat(source(file).read(neurons(ALICE))).containsOnlyKeys(ALICE);

        assertThat(Files.size(file)).isEqualTo(sizeBefore);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modifiedBefore);
        try (var stream = Files.list(tmp)) {
            assertThat(stream.map(p -> p.getFileName().toString())).containsExactly("database.db"); // no journal
        }
    }

    @Test
    void a_missing_file_is_one_warning_and_nothing_and_is_not_created() {
        Path file = tmp.resolve("no-validator-here").resolve("database.db");

        assertThat(source(file).read(neurons(ALICE))).isEmpty();

        assertThat(file).doesNotExist();
        assertThat(warnings()).singleElement().satisfies(l -> assertThat(l)
                .contains(file.toAbsolutePath().toString(), "does not exist"));
    }

    @Test
    void a_database_the_validator_is_writing_is_one_warning_for_this_round_and_read_by_the_next() throws Exception {
        Path file = tmp.resolve("database.db");
        try (var db = OriginalValidatorDb.create(file)) {
            db.specs(1, ALICE, OriginalSpecs.miner().gpus("NVIDIA A100-SXM4-80GB", 1, 81920.0));
            ValidatorDbSpecs source = source(file);

            try (AutoCloseable lock = db.holdWriteLock()) {
                assertThat(source.read(neurons(ALICE))).isEmpty();
            }
            assertThat(warnings()).singleElement().satisfies(l -> assertThat(l)
                    .contains(file.toAbsolutePath().toString(), "locked", "the next round reads it again"));

            assertThat(source.read(neurons(ALICE))).containsOnlyKeys(ALICE);
        }
    }

    @Test
    void a_database_of_another_schema_is_one_warning_naming_what_is_missing() throws Exception {
        Path noTable = tmp.resolve("other.db");
        Path noDetails = tmp.resolve("old.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + noTable);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE allocation (id INTEGER PRIMARY KEY, hotkey TEXT UNIQUE, details TEXT)");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + noDetails);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE miner_details (id INTEGER PRIMARY KEY, hotkey TEXT UNIQUE, specs TEXT)");
            s.execute("INSERT INTO miner_details VALUES (1, '" + ALICE + "', '{\"cpu\": {\"count\": 4}}')");
        }

        assertThat(source(noTable).read(neurons(ALICE))).isEmpty();
        assertThat(source(noDetails).read(neurons(ALICE))).isEmpty();

        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(0)).contains(noTable.toString(), "has no miner_details table");
        assertThat(warnings().get(1)).contains(noDetails.toString(), "miner_details has no 'details' column");
    }

    @Test
    void a_file_that_is_not_sqlite_is_one_warning() throws Exception {
        Path file = tmp.resolve("database.db");
        Files.writeString(file, "this is a text file, not a validator's database, and long enough to have a header");

        assertThat(source(file).read(neurons(ALICE))).isEmpty();

        assertThat(warnings()).singleElement().satisfies(l -> assertThat(l)
                .contains(file.toString(), "not an SQLite database"));
    }

    private ValidatorDbSpecs source(Path file) {
        return new ValidatorDbSpecs(file, BUSY, CLOCK);
    }

    private static List<Metagraph.Neuron> neurons(String... hotkeys) {
        List<Metagraph.Neuron> out = new java.util.ArrayList<>();
        for (int i = 0; i < hotkeys.length; i++) {
            out.add(new Metagraph.Neuron(i + 1, hotkeys[i], hotkeys[i], "10.0.0." + (i + 1), 8091, 0, false, true));
        }
        return out;
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private List<String> lines() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
