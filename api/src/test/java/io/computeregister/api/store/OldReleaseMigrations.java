package io.computeregister.api.store;

import javax.sql.DataSource;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.baseline.BaselineMigrationConfigurationExtension;

/** Flyway as releases before the baseline (B68) ran it: every V migration in turn, also on an empty store. */
final class OldReleaseMigrations {

    private OldReleaseMigrations() {}

    static FluentConfiguration on(DataSource ds, Database.Dialect dialect) {
        FluentConfiguration flyway = Database.migrations(ds, dialect);
        // A prefix no file has: Flyway finds no baseline (a B file is otherwise applied to an empty store whatever
        // the target version).
        flyway.getConfigurationExtension(BaselineMigrationConfigurationExtension.class)
                .setBaselineMigrationPrefix("NONE");
        return flyway;
    }
}
