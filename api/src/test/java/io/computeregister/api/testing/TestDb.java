package io.computeregister.api.testing;

import io.computeregister.api.store.Database;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.SecretBox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, migrated database for one test: SQLite in a temp file, or a new database on one embedded PostgreSQL
 * server shared by the whole test JVM (started on first use, ~1 s; stopped by a shutdown hook).
 */
public final class TestDb implements AutoCloseable {

    public enum Kind { SQLITE, POSTGRES }

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile EmbeddedPostgres postgres;

    private final Kind kind;
    private final Path dir;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    public final SecretBox secrets;
    public final Database database;
    public final JdbiStore store;

    private TestDb(Kind kind, Path dir, Database database) {
        this.kind = kind;
        this.dir = dir;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.secrets = new SecretBox(key);
        this.database = database;
        this.store = new JdbiStore(database, secrets, clock);
    }

    public static TestDb open(Kind kind) {
        try {
            if (kind == Kind.SQLITE) {
                Path dir = Files.createTempDirectory("compute-store-");
                return new TestDb(kind, dir, Database.open("jdbc:sqlite:" + dir.resolve("test.db"), null, null));
            }
            EmbeddedPostgres pg = postgres();
            String name = "t" + COUNTER.incrementAndGet();
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
            return new TestDb(kind, null, Database.open(pg.getJdbcUrl("postgres", name), "postgres", "postgres"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open test database " + kind, e);
        }
    }

    /** A fresh, empty database on the shared embedded PostgreSQL (user and password "postgres"). */
    public static String newPostgresUrl() {
        try {
            EmbeddedPostgres pg = postgres();
            String name = "e" + COUNTER.incrementAndGet();
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + name);
            }
            return pg.getJdbcUrl("postgres", name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an embedded PostgreSQL database", e);
        }
    }

    private static EmbeddedPostgres postgres() throws IOException {
        if (postgres == null) {
            synchronized (TestDb.class) {
                if (postgres == null) {
                    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            pg.close();
                        } catch (IOException ignored) {
                            // the JVM is going away
                        }
                    }));
                    postgres = pg;
                }
            }
        }
        return postgres;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public void close() {
        store.close();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase();
    }
}
