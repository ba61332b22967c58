package io.computeregister.api.store;

import static io.computeregister.api.store.MigrationStores.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.testing.TestDb;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An empty store is built from the baseline (B68) in one migration, every other store by its V migrations: both must
 * end with the same schema, column for column (order included), index for index, constraint and trigger for trigger,
 * and the same seeded rows. A migration added later is applied to both; this test then compares the result again.
 */
class SchemaBaselineTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDb.Kind.class)
    void the_baseline_builds_the_schema_the_migrations_build(TestDb.Kind kind) throws SQLException {
        Database.Dialect dialect = MigrationStores.dialect(kind);
        DataSource baselined = MigrationStores.dataSource(kind, MigrationStores.newStore(kind, dir, "baselined"));
        DataSource migrated = MigrationStores.dataSource(kind, MigrationStores.newStore(kind, dir, "migrated"));

        Database.migrations(baselined, dialect).load().migrate();
        MigrationStores.asAnEarlierRelease(migrated, dialect).load().migrate();

        assertThat(history(baselined)).containsExactly("68 SQL_BASELINE");
        assertThat(history(migrated)).hasSizeGreaterThan(10).contains("1 SQL", "42 JDBC", "68 SQL")
                .doesNotContain("68 SQL_BASELINE");
        List<String> schema = schemaOf(kind, baselined);
        assertThat(schema)
                .as("the baseline's schema, against the V migrations'")
                .containsExactlyElementsOf(schemaOf(kind, migrated))
                .anyMatch(line -> line.contains("allocations") && line.contains("ports"))
                .anyMatch(line -> line.startsWith("row store_versions") && line.contains("miners"));
        if (kind == TestDb.Kind.POSTGRES) {
            assertThat(schema).anyMatch(line -> line.startsWith("trigger events_notify"));
        }
    }

    private static List<String> schemaOf(TestDb.Kind kind, DataSource ds) throws SQLException {
        return kind == TestDb.Kind.SQLITE ? sqliteSchema(ds) : postgresSchema(ds);
    }

    private static List<String> history(DataSource ds) throws SQLException {
        return rows(ds, "SELECT version, type FROM flyway_schema_history WHERE success ORDER BY installed_rank");
    }

    /** Every table but Flyway's: its columns in order, its indexes, its foreign keys; and the rows V41/V62 seed. */
    private static List<String> sqliteSchema(DataSource ds) throws SQLException {
        List<String> schema = new ArrayList<>();
        for (String table : rows(ds, "SELECT name FROM sqlite_master WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite_%' AND name <> 'flyway_schema_history' ORDER BY name")) {
            schema.addAll(prefixed("table " + table + " autoincrement",
                    rows(ds, "SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_master WHERE name = '" + table + "'")));
            schema.addAll(prefixed("column " + table, rows(ds, "SELECT cid, name, type, \"notnull\", dflt_value, pk "
                    + "FROM pragma_table_xinfo('" + table + "') ORDER BY cid")));
            for (String index : rows(ds, "SELECT name FROM pragma_index_list('" + table + "') ORDER BY name")) {
                schema.addAll(prefixed("index " + table + " " + index, rows(ds,
                        "SELECT l.\"unique\", l.origin, l.partial, i.seqno, i.name FROM pragma_index_list('" + table
                                + "') l, pragma_index_info('" + index + "') i WHERE l.name = '" + index
                                + "' ORDER BY i.seqno")));
            }
            schema.addAll(prefixed("foreign key " + table, rows(ds, "SELECT \"table\", \"from\", \"to\", on_delete "
                    + "FROM pragma_foreign_key_list('" + table + "')")));
        }
        schema.addAll(prefixed("trigger", rows(ds, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                + "ORDER BY name")));
        schema.addAll(seededRows(ds));
        return schema;
    }

    private static List<String> postgresSchema(DataSource ds) throws SQLException {
        String notFlyway = " <> 'flyway_schema_history'";
        List<String> schema = new ArrayList<>();
        schema.addAll(prefixed("column", rows(ds, "SELECT table_name, ordinal_position, column_name, data_type, "
                + "is_nullable, column_default, is_identity, identity_generation FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND table_name" + notFlyway
                + " ORDER BY table_name, ordinal_position")));
        schema.addAll(prefixed("index", rows(ds, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = "
                + "'public' AND tablename" + notFlyway + " ORDER BY indexname")));
        schema.addAll(prefixed("constraint", rows(ds, "SELECT conrelid::regclass::text, conname, "
                + "pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
                + "AND conrelid::regclass::text" + notFlyway + " ORDER BY 1, 2")));
        schema.addAll(prefixed("trigger", rows(ds, "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
                + "WHERE NOT tgisinternal ORDER BY tgname")));
        schema.addAll(prefixed("function", rows(ds, "SELECT proname, pg_get_functiondef(oid) FROM pg_proc "
                + "WHERE pronamespace = 'public'::regnamespace ORDER BY proname")));
        schema.addAll(seededRows(ds));
        return schema;
    }

    private static List<String> seededRows(DataSource ds) throws SQLException {
        List<String> rows = new ArrayList<>();
        rows.addAll(prefixed("row webhook_watermark", rows(ds, "SELECT name, last_seq FROM webhook_watermark")));
        rows.addAll(prefixed("row store_versions", rows(ds, "SELECT name, version FROM store_versions")));
        return rows;
    }

    private static List<String> prefixed(String prefix, List<String> lines) {
        return lines.stream().map(line -> prefix + " " + line).toList();
    }

}
