package db.migration;

import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only: every committed row of {@code events} raises {@code NOTIFY compute_events, '<seq>'}, whoever
 * wrote it. {@code pg_notify} inside a trigger is delivered at commit and never for a rolled-back transaction, so a
 * listener ({@code api.cluster.PgEventNotifier}) only ever hears of events it can read. A no-op on SQLite, where one
 * process does everything. A Java migration because SQLite cannot even parse the trigger's PL/pgSQL; lives in the
 * package Flyway scans for {@code classpath:db/migration}. An empty store gets the same statements from the baseline
 * (B68), through its {@code ${events_notify}} placeholder.
 */
public class V42__events_notify extends BaseJavaMigration {

    /** The trigger and its function, one statement each. */
    public static final List<String> POSTGRES_STATEMENTS = List.of("""
            CREATE FUNCTION compute_events_notify() RETURNS trigger AS $$
            BEGIN
                PERFORM pg_notify('compute_events', NEW.seq::text);
                RETURN NEW;
            END;
            $$ LANGUAGE plpgsql""", """
            CREATE TRIGGER events_notify AFTER INSERT ON events
            FOR EACH ROW EXECUTE FUNCTION compute_events_notify()""");

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        if (!"PostgreSQL".equalsIgnoreCase(product)) return;
        try (Statement s = context.getConnection().createStatement()) {
            for (String statement : POSTGRES_STATEMENTS) s.execute(statement);
        }
    }
}
