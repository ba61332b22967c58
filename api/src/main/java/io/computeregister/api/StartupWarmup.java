package io.computeregister.api;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.net.ssl.SSLContext;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/**
 * The server's start-up is one thread of first-time initialisation (bench/README.md, "Lists": the target is the first
 * answer within 2 s of launch): the command line, the store's migrations, then the parts below, each paying its
 * one-time cost in turn while the second core does little (the JIT compilers keep it about a quarter busy).
 * {@link #begin()} pays them on that core instead, while the main thread parses the command line and migrates the
 * store; what the main thread later finds initialised it does not initialise again (class initialisation is once per
 * JVM, and a thread that needs a class being initialised waits for it). Nothing here depends on the configuration
 * (on PostgreSQL, the SQLite query still sets up Jdbi's statement path: without it the first statement on the main
 * thread took 100 ms more), and a step that fails costs only its speed-up.
 */
public final class StartupWarmup {

    private StartupWarmup() {}

    public static void begin() {
        Thread.ofPlatform().name("compute-startup-warmup").daemon().start(StartupWarmup::run);
    }

    private static void run() {
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
        // Logging's configuration, read by the first logger.
        attempt(LoggerFactory::getILoggerFactory);
        // Jdbi's configuration registry and SQLite's native library, first used by the store after the migrations.
        attempt(() -> Jdbi.create("jdbc:sqlite::memory:").withHandle(h -> h.createQuery("SELECT 1")
                .mapTo(Integer.class).one()));
        // java.time.Duration arithmetic goes through BigDecimal, whose class initialisation is costly on JDK 25.
        attempt(() -> BigDecimal.TEN.multiply(BigDecimal.TWO));
    }

    private interface Step {
        Object run() throws GeneralSecurityException;
    }

    private static void attempt(Step step) {
        try {
            step.run();
        } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
            // only a speed-up: the step runs again, and fails for real, where start-up needs it
        }
    }
}
