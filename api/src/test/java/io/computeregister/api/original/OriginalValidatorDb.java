package io.computeregister.api.original;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An original validator's {@code database.db}, written as the validator writes it (docs/protocol.md §1.3): every table
 * its {@code ComputeDb} creates, with the same column types, and {@code miner_details} rows the way
 * {@code update_miner_details} upserts them: {@code id} = the miner's uid, {@code details} = Python
 * {@code json.dumps} of the W&amp;B specs, {@code no_specs_count} back to 0; a miner without specs counts up (capped
 * at 5) and has its details blanked to {@code '{}'} once the count had already reached 5.
 *
 * <p>Journal mode stays SQLite's default (rollback journal), as Python's {@code sqlite3} leaves it: a writer's
 * exclusive lock then blocks readers, which is what the "locked" tests need.
 */
public final class OriginalValidatorDb implements AutoCloseable {

    private static final int NO_SPECS_CAP = 5;

    private final Connection db;

    private OriginalValidatorDb(Connection db) {
        this.db = db;
    }

    /** Creates (or opens) {@code file} with the validator's tables. */
    public static OriginalValidatorDb create(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS miner (uid INTEGER PRIMARY KEY, ss58_address TEXT UNIQUE)");
            s.execute("CREATE TABLE IF NOT EXISTS miner_details (id INTEGER PRIMARY KEY, hotkey TEXT UNIQUE, "
                    + "details TEXT, no_specs_count INTEGER DEFAULT 0)");
            s.execute("CREATE TABLE IF NOT EXISTS tb (id INTEGER PRIMARY KEY, hotkey TEXT, details TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS challenge_details (uid INTEGER, ss58_address TEXT, "
                    + "success BOOLEAN, elapsed_time REAL, difficulty INTEGER, created_at TIMESTAMP, "
                    + "FOREIGN KEY (uid) REFERENCES miner(uid) ON DELETE CASCADE, "
                    + "FOREIGN KEY (ss58_address) REFERENCES miner(ss58_address) ON DELETE CASCADE)");
            s.execute("CREATE TABLE IF NOT EXISTS blacklist (id INTEGER PRIMARY KEY, hotkey TEXT UNIQUE, details TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS allocation (id INTEGER PRIMARY KEY, hotkey TEXT UNIQUE, details TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS idx_uid ON challenge_details (uid)");
            s.execute("CREATE INDEX IF NOT EXISTS idx_ss58_address ON challenge_details (ss58_address)");
            s.execute("CREATE TABLE IF NOT EXISTS wandb_runs (hotkey TEXT PRIMARY KEY, run_id TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS pog_stats (id INTEGER PRIMARY KEY AUTOINCREMENT, hotkey TEXT, "
                    + "gpu_name TEXT, num_gpus INTEGER, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
                    + "FOREIGN KEY (hotkey) REFERENCES miner_details (hotkey) ON DELETE CASCADE)");
            s.execute("CREATE TABLE IF NOT EXISTS stats (uid INTEGER PRIMARY KEY, hotkey TEXT NOT NULL, "
                    + "gpu_specs TEXT, score REAL, allocated BOOLEAN, own_score BOOLEAN, reliability_score REAL, "
                    + "created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "
                    + "FOREIGN KEY (hotkey) REFERENCES miner_details (hotkey) ON DELETE CASCADE)");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new OriginalValidatorDb(c);
    }

    /** The validator read a miner's W&amp;B specs: upsert them. */
    public OriginalValidatorDb specs(int uid, String hotkey, OriginalSpecs specs) throws SQLException {
        return details(uid, hotkey, specs.toJson());
    }

    /** Upserts raw details text, as the validator would for whatever {@code json.dumps} produced. */
    public OriginalValidatorDb details(int uid, String hotkey, String detailsText) throws SQLException {
        try (PreparedStatement up = db.prepareStatement("INSERT INTO miner_details (id, hotkey, details, "
                + "no_specs_count) VALUES (?, ?, ?, 0) ON CONFLICT(hotkey) DO UPDATE SET "
                + "details = excluded.details, no_specs_count = 0")) {
            up.setInt(1, uid);
            up.setString(2, hotkey);
            up.setString(3, detailsText);
            up.executeUpdate();
        }
        return this;
    }

    /** The miner's specs response was empty this round. */
    public OriginalValidatorDb noSpecs(int uid, String hotkey) throws SQLException {
        try (PreparedStatement up = db.prepareStatement("INSERT INTO miner_details (id, hotkey, details, "
                + "no_specs_count) VALUES (?, ?, '{}', 1) ON CONFLICT(hotkey) DO UPDATE SET "
                + "no_specs_count = CASE WHEN miner_details.no_specs_count >= ? THEN ? "
                + "ELSE miner_details.no_specs_count + 1 END, "
                + "details = CASE WHEN miner_details.no_specs_count >= ? THEN '{}' ELSE miner_details.details END")) {
            up.setInt(1, uid);
            up.setString(2, hotkey);
            up.setInt(3, NO_SPECS_CAP);
            up.setInt(4, NO_SPECS_CAP);
            up.setInt(5, NO_SPECS_CAP);
            up.executeUpdate();
        }
        return this;
    }

    /**
     * Holds SQLite's exclusive lock, as the validator does while it commits a write, until closed: readers of the
     * file then get "database is locked" once their busy timeout runs out.
     */
    public AutoCloseable holdWriteLock() throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
        }
        return () -> {
            try (Statement s = db.createStatement()) {
                s.execute("ROLLBACK");
            }
        };
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
