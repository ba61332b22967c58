package io.computeregister.api;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.computeregister.bittensor.crypto.Sr25519;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.net.ssl.SSLContext;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/**
 * The server's start-up is one thread of first-time initialisation (bench/README.md, "Lists": the target is the first
 * answer within 2 s of launch): the command line, the store's migrations, then the parts below, each paying its
 * one-time cost in turn. {@link #begin()} pays them on a thread of its own instead, while the main thread parses the
 * command line and migrates the store. The two cores are busy throughout (the JIT compilers run more than the main
 * thread does), so this only pays where it takes a step off the main thread's path, in the order the main thread
 * would reach them; what the main thread later finds initialised it does not initialise again (class initialisation
 * is once per JVM, and a thread that needs a class being initialised waits for it). Nothing here depends on the
 * configuration (on PostgreSQL, the SQLite query still sets up Jdbi's statement path: without it the first statement
 * on the main thread took 100 ms more), and a step that fails costs only its speed-up.
 */
public final class StartupWarmup {

    private StartupWarmup() {}

    /**
     * Set by the launcher on the run of {@code compute api} that records the start-up cache (JEP 514). That run uses
     * a throw-away SQLite store, so without {@link #loadClasses} nothing of PostgreSQL's path would be in the cache.
     */
    static final String TRAINING_PROPERTY = "compute.startup.training";

    /**
     * What only a PostgreSQL store uses: the driver, Flyway's support for it, our cluster's leader election and
     * notifications. Without them in the cache, a start on PostgreSQL loaded and verified about 200 classes from the
     * jar (bench/README.md, "Start-up, fourth pass").
     */
    static final List<String> POSTGRES_PACKAGES =
            List.of("org/postgresql/", "org/flywaydb/database/postgresql/", "io/computeregister/api/cluster/");

    public static void begin() {
        Thread.ofPlatform().name("compute-startup-warmup").daemon().start(StartupWarmup::run);
    }

    private static void run() {
        if (Boolean.getBoolean(TRAINING_PROPERTY)) {
            attempt(() -> loadClasses(jarOf(org.postgresql.Driver.class), POSTGRES_PACKAGES,
                    StartupWarmup.class.getClassLoader()));
        }
        // Logging's configuration, read by the first logger: the main thread's first class with a logger is a tenth
        // of a second in.
        attempt(LoggerFactory::getILoggerFactory);
        // The curve's generator table, for the hotkey's public key while the command line is read.
        attempt(() -> {
            Sr25519.precompute();
            return null;
        });
        // Every java.net.http client (the dendrites) builds the default TLS context: the JDK's CA certificates.
        attempt(SSLContext::getDefault);
        // The first client and the first ObjectMapper (the dendrites' and the server's JSON): their classes' set-up.
        attempt(() -> {
            try (HttpClient client = HttpClient.newHttpClient()) {
                return client;
            }
        });
        attempt(() -> JsonMapper.builder().build());
        // The store's sealed secrets and their key's fingerprint: the JCA providers.
        attempt(() -> Cipher.getInstance("AES/GCM/NoPadding"));
        attempt(() -> Mac.getInstance("HmacSHA256"));
        // Jdbi's configuration registry and SQLite's native library, first used by the store after the migrations.
        attempt(() -> Jdbi.create("jdbc:sqlite::memory:").withHandle(h -> h.createQuery("SELECT 1")
                .mapTo(Integer.class).one()));
        // java.time.Duration arithmetic goes through BigDecimal, whose class initialisation is costly on JDK 25.
        attempt(() -> BigDecimal.TEN.multiply(BigDecimal.TWO));
    }

    /**
     * Loads (without initialising) every class of the jar under the given package paths, for the cache's recording
     * run: what a run loaded is what the cache holds. Returns how many it loaded.
     */
    static int loadClasses(Path jar, List<String> packages, ClassLoader loader) throws IOException {
        int loaded = 0;
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) file.stream()::iterator) {
                String name = entry.getName();
                // package-info and module-info are not classes; META-INF/versions/ holds no package of ours
                if (!name.endsWith(".class") || name.contains("-") || packages.stream().noneMatch(name::startsWith)) {
                    continue;
                }
                try {
                    Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'), false,
                            loader);
                    loaded++;
                } catch (ClassNotFoundException | LinkageError e) {
                    // needs an optional dependency the jar does not hold (OSGi, Waffle): never used by us either
                }
            }
        }
        return loaded;
    }

    /** The jar a class came from (in a packaged {@code compute} the one fat jar). */
    private static Path jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Step {
        Object run() throws GeneralSecurityException, IOException;
    }

    private static void attempt(Step step) {
        try {
            step.run();
        } catch (GeneralSecurityException | IOException | RuntimeException | LinkageError e) {
            // only a speed-up: the step runs again, and fails for real, where start-up needs it
        }
    }
}
