package io.computeregister.miner.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import io.computeregister.miner.runtime.docker.DockerConnection;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine for tests that need one. When none answers the test is skipped with the reason printed, unless
 * {@code REQUIRE_DOCKER=1} (CI), where a missing engine is a failure. One client per test JVM, never closed.
 */
public final class DockerEngine {

    private static DockerClient client;
    private static String unavailable;

    private DockerEngine() {}

    public static boolean required() {
        return "1".equals(System.getenv("REQUIRE_DOCKER"));
    }

    /** The engine's host address ({@code DOCKER_HOST} or the default unix socket). */
    public static String host() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DockerConnection.DEFAULT_HOST : env;
    }

    /** A client for the engine, or the calling test is skipped (or failed under REQUIRE_DOCKER=1). */
    public static synchronized DockerClient requireOrSkip() {
        if (client == null && unavailable == null) {
            DockerClient c = DockerConnection.open(host(), Duration.ofMinutes(3));
            try {
                c.pingCmd().exec();
                client = c;
            } catch (RuntimeException e) {
                unavailable = "no Docker engine answers at " + host() + " (" + e.getMessage() + ")";
            }
        }
        if (client == null) {
            skipOrFail(unavailable);
        }
        return client;
    }

    /** Skips with the printed reason, or fails when REQUIRE_DOCKER=1. */
    public static void skipOrFail(String reason) {
        if (required()) {
            fail("REQUIRE_DOCKER=1 but " + reason);
        }
        System.out.println("SKIPPED (docker): " + reason);
        Assumptions.abort(reason);
    }
}
