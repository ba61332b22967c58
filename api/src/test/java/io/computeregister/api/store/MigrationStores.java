package io.computeregister.api.store;

import io.computeregister.api.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.baseline.BaselineMigrationConfigurationExtension;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * The stores the migration tests build themselves, beside {@link Database#open}: an empty one of either kind, a
 * plain data source on it, Flyway as an earlier release ran it, and its rows read back as text.
 */
final class MigrationStores {

    private MigrationStores() {}

    static Database.Dialect dialect(TestDb.Kind kind) {
        return kind == TestDb.Kind.SQLITE ? Database.Dialect.SQLITE : Database.Dialect.POSTGRES;
    }

    /** The user (and password) of {@link TestDb}'s PostgreSQL; SQLite has none. */
    static String user(TestDb.Kind kind) {
        return kind == TestDb.Kind.SQLITE ? null : "postgres";
    }

    /** The URL of a new, empty store: a file named after {@code name} in {@code dir}, or a new PostgreSQL database. */
    static String newStore(TestDb.Kind kind, Path dir, String name) {
        return kind == TestDb.Kind.SQLITE ? "jdbc:sqlite:" + dir.resolve(name + ".db") : TestDb.newPostgresUrl();
    }

    /** A plain data source on the store at {@code url}, with the credentials {@link Database#open} is given. */
    static DataSource dataSource(TestDb.Kind kind, String url) {
        if (kind == TestDb.Kind.SQLITE) {
            SQLiteDataSource ds = new SQLiteDataSource();
            ds.setUrl(url);
            return ds;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user(kind));
        ds.setPassword(user(kind));
        return ds;
    }

    /** Flyway as releases before the baseline (B68) ran it: every V migration in turn, also on an empty store. */
    static FluentConfiguration asAnEarlierRelease(DataSource ds, Database.Dialect dialect) {
        FluentConfiguration flyway = Database.migrations(ds, dialect);
        // A prefix no file has: Flyway finds no baseline (a B file is otherwise applied to an empty store whatever
        // the target version).
        flyway.getConfigurationExtension(BaselineMigrationConfigurationExtension.class)
                .setBaselineMigrationPrefix("NONE");
        return flyway;
    }

    /** Each row of the query as its columns joined by spaces. */
    static List<String> rows(DataSource ds, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) row.append(i > 1 ? " " : "").append(rs.getString(i));
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
