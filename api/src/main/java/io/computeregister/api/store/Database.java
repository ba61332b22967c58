package io.computeregister.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import db.migration.V42__events_notify;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jdbi.v3.core.Jdbi;

/**
 * A migrated connection pool for SQLite or PostgreSQL, chosen by the JDBC URL.
 *
 * <p>SQLite gets one pooled connection for everything that writes: SQLite allows one writer at a time anyway, and a
 * single connection turns contention into an orderly wait for the pool instead of SQLITE_BUSY errors. WAL lets
 * readers run while we write; busy_timeout covers a second process writing; IMMEDIATE transactions take the write
 * lock up front so a read-then-write transaction cannot fail half way. Lone reads (a key lookup on every request, the
 * lists, the index's loads) get {@link #readers() a pool of their own}: on the writer's one connection every request
 * waited behind any long read or write, which made the tail latency of every endpoint grow with the store. Those
 * reads run on platform threads of their own when asked for on a virtual thread ({@link StoreReads} says why).
 */
public final class Database implements AutoCloseable {

    public enum Dialect { SQLITE, POSTGRES }

    /** SQLite reads are CPU-bound: a few connections keep two cores busy ({@link StoreReads}: a thread each). */
    private static final int SQLITE_READERS = 4;

    private static final int POSTGRES_CONNECTIONS = 10;
    /**
     * Connections kept open however quiet the API: the rest are opened as requests need them (a few ms each) and
     * closed after ten idle minutes. HikariCP's default, all ten kept open, had the pool open nine connections beside
     * the first start's migrations, on the CPU the migrations needed (bench/README.md, "Start-up, third pass").
     */
    private static final int POSTGRES_IDLE = 2;

    private final HikariDataSource dataSource;
    private final HikariDataSource readerSource;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final StoreReads readers;

    private Database(HikariDataSource dataSource, HikariDataSource readerSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.readerSource = readerSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
        this.readers = readerSource == null
                ? StoreReads.inPlace(jdbi)
                : StoreReads.onPlatformThreads(Jdbi.create(readerSource), SQLITE_READERS);
    }

    /** Opens the pool and applies every pending migration. */
    public static Database open(String jdbcUrl, String user, String password) {
        Dialect dialect = dialectOf(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("compute-store");
        if (user != null) config.setUsername(user);
        if (password != null) config.setPassword(password);
        if (dialect == Dialect.SQLITE) {
            config.setMaximumPoolSize(1);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        } else {
            config.setMaximumPoolSize(POSTGRES_CONNECTIONS);
            config.setMinimumIdle(POSTGRES_IDLE);
        }
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrate(ds, dialect);
            return new Database(ds, dialect == Dialect.SQLITE ? sqliteReaders(jdbcUrl) : null, dialect);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** Connections for lone reads only (never a transaction that writes), opened after the migrations. */
    private static HikariDataSource sqliteReaders(String jdbcUrl) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("compute-store-readers");
        config.setMaximumPoolSize(SQLITE_READERS);
        config.setMinimumIdle(1);
        config.addDataSourceProperty("busy_timeout", "10000");
        return new HikariDataSource(config);
    }

    private static Dialect dialectOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return Dialect.SQLITE;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return Dialect.POSTGRES;
        throw new IllegalArgumentException(
                "db url must start with jdbc:sqlite: or jdbc:postgresql:, got: " + describe(jdbcUrl));
    }

    private static void migrate(DataSource ds, Dialect dialect) {
        migrations(ds, dialect).load().migrate();
    }

    /** Flyway as {@link #open} runs it (the tests also make the stores of earlier releases with it). */
    static FluentConfiguration migrations(DataSource ds, Dialect dialect) {
        String seqPk = dialect == Dialect.SQLITE
                ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        // The baseline's (B68) copy of V42, which is a Java migration because SQLite cannot parse the trigger.
        String eventsNotify = dialect == Dialect.SQLITE
                ? ""
                : V42__events_notify.POSTGRES_STATEMENTS.stream().map(s -> s + ";\n").collect(Collectors.joining());
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .placeholders(Map.of("seq_pk", seqPk, "events_notify", eventsNotify))
                // Every pending migration in one transaction (both stores' DDL is transactional): an upgrade that
                // fails half way leaves the store as it was, not between two versions. It is also one lock and one
                // commit instead of one per migration. An empty store gets the baseline instead, one migration
                // (B68): Flyway's own statements around each migration were most of a first start's round trips.
                .group(true);
    }

    /** The URL for logs: without its query string, where a password may sit. */
    public static String describe(String jdbcUrl) {
        return jdbcUrl.replaceAll("\\?.*", "");
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * For statements that only read and need no transaction with a write: on SQLite a pool beside the writer's one
     * connection (WAL: a read sees every write committed before it started); on PostgreSQL the same pool as
     * {@link #jdbi()}.
     */
    public StoreReads readers() {
        return readers;
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public void close() {
        readers.close();
        if (readerSource != null) readerSource.close();
        dataSource.close();
    }
}
