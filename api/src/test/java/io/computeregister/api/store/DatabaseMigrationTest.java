package io.computeregister.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.api.testing.TestDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A store of an earlier release is upgraded by {@link Database#open} in one transaction: an upgrade that fails half
 * way leaves the store at its old version, with none of the later migrations' changes, and the next start (the cause
 * removed) completes it.
 */
class DatabaseMigrationTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void an_upgrade_that_fails_half_way_leaves_the_store_as_it_was(TestDb.Kind kind) throws SQLException {
        Database.Dialect dialect = MigrationStores.dialect(kind);
        String url = MigrationStores.newStore(kind, dir, "old");
        String user = MigrationStores.user(kind);
        String password = user;
        DataSource ds = MigrationStores.dataSource(kind, url);
        // the store of a release whose last migration was V41 (webhooks)
        MigrationStores.asAnEarlierRelease(ds, dialect).target("41").load().migrate();
        assertThat(appliedVersions(ds)).containsExactly("1", "2", "20", "40", "41");
        // V61 creates this index, two migrations into the upgrade: V60 will have run when V61 fails
        execute(ds, "CREATE INDEX webhook_deliveries_by_group ON webhook_deliveries (webhook_id)");

        assertThatThrownBy(() -> Database.open(url, user, password))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("V61");

        assertThat(appliedVersions(ds)).containsExactly("1", "2", "20", "40", "41");
        assertThat(tableExists(ds, "store_settings")).as("V60's table, rolled back with the failed V61").isFalse();

        execute(ds, "DROP INDEX webhook_deliveries_by_group");
        Database.open(url, user, password).close();
        List<String> upgraded = appliedVersions(ds);
        assertThat(upgraded).startsWith("1", "2", "20", "40", "41", "42", "60", "61").hasSizeGreaterThan(8);
        assertThat(tableExists(ds, "store_settings")).isTrue();
    }

    private static List<String> appliedVersions(DataSource ds) throws SQLException {
        return MigrationStores.rows(ds,
                "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    private static boolean tableExists(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
            return rs.next();
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
