package io.computeregister.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupWarmupTest {

    /** A loader of the driver's jar alone that tells which classes it has loaded. */
    private static final class Recording extends URLClassLoader {
        Recording(URL jar) {
            super(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
        }

        boolean holds(String name) {
            return findLoadedClass(name) != null;
        }
    }

    @Test
    void the_recording_run_loads_the_postgres_drivers_connection_path_without_initialising_it() throws Exception {
        URL jar = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        try (Recording loader = new Recording(jar)) {
            int loaded = StartupWarmup.loadClasses(Path.of(jar.toURI()), List.of("org/postgresql/"), loader);

            // the classes a first connection and a first query use, none of which a SQLite run touches
            assertThat(List.of("org.postgresql.Driver", "org.postgresql.core.v3.ConnectionFactoryImpl",
                    "org.postgresql.core.v3.QueryExecutorImpl", "org.postgresql.jdbc.PgConnection",
                    "org.postgresql.jdbc.PgResultSet")).allMatch(loader::holds);
            assertThat(loaded).isGreaterThan(400);
            // loaded, not initialised: the Driver's static initialiser registers it with DriverManager
            assertThat(java.sql.DriverManager.drivers().map(d -> d.getClass().getClassLoader()))
                    .doesNotContain(loader);
        }
    }

    @Test
    void only_the_given_packages_are_loaded() throws Exception {
        URL jar = org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation();
        try (Recording loader = new Recording(jar)) {
            StartupWarmup.loadClasses(Path.of(jar.toURI()), List.of("org/postgresql/geometric/"), loader);

            assertThat(loader.holds("org.postgresql.geometric.PGpoint")).isTrue();
            assertThat(loader.holds("org.postgresql.Driver")).isFalse();
        }
    }
}
