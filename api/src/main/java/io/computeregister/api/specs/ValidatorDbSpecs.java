package io.computeregister.api.specs;

import io.computeregister.bittensor.subtensor.Metagraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * Specs from an original validator's SQLite {@code database.db}, for an API that runs beside one
 * ({@code --validator-db FILE}): table {@code miner_details(id, hotkey, details, no_specs_count)}, where the validator
 * upserts each miner's W&amp;B specs as JSON and blanks them to {@code '{}'} once the miner stopped reporting
 * (docs/protocol.md §1.2 step 2, §1.3, §9.10).
 *
 * <p>The file belongs to the validator, which writes it while we read. So it is opened read-only through an SQLite URI
 * filename ({@code file:…?mode=ro}, plus the read-only open flag): we can neither write it nor create it when it is
 * missing. A write in progress is waited for up to the busy timeout, then this round gives up; the next round tries
 * again. Every problem (missing file, locked, not SQLite, another schema) is one WARN line naming the file and an
 * empty result, never an exception.
 *
 * <p>The table has no time column, so a report's time is when we read it.
 */
public final class ValidatorDbSpecs implements SpecsSource {

    public static final String NAME = "validator-db";
    /** Long enough for one of the validator's upserts (a few ms), short enough not to stall a discovery round. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(3);

    private static final Logger log = LoggerFactory.getLogger(ValidatorDbSpecs.class);
    private static final String TABLE = "miner_details";

    private final Path file;
    private final Duration busyTimeout;
    private final Clock clock;

    public ValidatorDbSpecs(Path file, Duration busyTimeout, Clock clock) {
        this.file = file.toAbsolutePath();
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("validator-db busy timeout must be 0.." + Integer.MAX_VALUE
                    + " ms, got " + busyTimeout.toMillis());
        }
        this.busyTimeout = busyTimeout;
        this.clock = clock;
    }

    @Override
    public Map<String, SpecsReport> read(List<Metagraph.Neuron> neurons) {
        if (!Files.isRegularFile(file)) {
            warn("does not exist or is not a file");
            return Map.of();
        }
        Set<String> wanted = new HashSet<>();
        for (Metagraph.Neuron n : neurons) wanted.add(n.hotkey());
        Tally tally = new Tally();
        Map<String, SpecsReport> reports = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(url(), readOnly().toProperties())) {
            String schemaProblem = schemaProblem(db);
            if (schemaProblem != null) {
                warn(schemaProblem + " (another schema: not an original validator's database.db?)");
                return Map.of();
            }
            try (PreparedStatement select = db.prepareStatement("SELECT hotkey, details FROM " + TABLE);
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String hotkey = rows.getString(1);
                    if (hotkey == null || !wanted.contains(hotkey)) {
                        tally.notInMetagraph++;
                        continue;
                    }
                    switch (SpecsJson.judge(rows.getString(2))) {
                        case OBJECT -> reports.put(hotkey,
                                new SpecsReport(hotkey, rows.getString(2), NAME, clock.instant()));
                        case BLANK -> tally.blank++;
                        case MALFORMED -> {
                            tally.malformed++;
                            log.debug("validator-db {}: details of {} are not a JSON object; no specs for it", file,
                                    hotkey);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            warn(describe(e));
            return Map.of();
        } catch (RuntimeException e) {
            // Not expected from the driver; the contract is "never throws", so it is reported like the rest.
            warn("cannot be read: " + e);
            return Map.of();
        }
        summarise(reports.size(), tally);
        return reports;
    }

    /** The text a round with a readable file logs: how many rows gave specs and why the others did not. */
    private void summarise(int withSpecs, Tally tally) {
        String line = "validator-db {}: {} miners with specs, {} without ({} blank, {} not a JSON object), "
                + "{} rows not in the metagraph";
        Object[] args = {file, withSpecs, tally.blank + tally.malformed, tally.blank, tally.malformed,
                tally.notInMetagraph};
        // Malformed rows are the validator's data going wrong: worth one visible line; otherwise routine.
        if (tally.malformed > 0) log.info(line, args);
        else log.debug(line, args);
    }

    /** Why the file is not an original validator's database, or null when {@code miner_details} is as expected. */
    private static String schemaProblem(Connection db) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement info = db.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            info.setString(1, TABLE);
            try (ResultSet rows = info.executeQuery()) {
                while (rows.next()) columns.add(rows.getString(1));
            }
        }
        if (columns.isEmpty()) return "has no " + TABLE + " table";
        for (String needed : List.of("hotkey", "details")) {
            if (!columns.contains(needed)) return TABLE + " has no '" + needed + "' column";
        }
        return null;
    }

    private String describe(SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
        int primary = code == null ? -1 : code.code & 0xff; // extended codes carry the primary one in the low byte
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return "is locked (the validator is writing it) for more than " + busyTimeout.toMillis() + " ms";
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) return "cannot be opened (permissions?)";
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) return "is not an SQLite database";
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) return "is corrupt";
        return "cannot be read: " + e.getMessage();
    }

    private void warn(String problem) {
        log.warn("validator-db {} {}; no specs from it this round, the next round reads it again", file, problem);
    }

    /** An SQLite URI filename: percent-encoded path (spaces, '#', '?' survive), read-only, never created. */
    private String url() {
        return "jdbc:sqlite:" + file.toUri() + "?mode=ro";
    }

    private SQLiteConfig readOnly() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        return config;
    }

    private static final class Tally {
        int blank;
        int malformed;
        int notInMetagraph;
    }

    @Override
    public String name() {
        return NAME;
    }
}
