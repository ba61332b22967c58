package io.computeregister.api.jobs;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import io.computeregister.miner.image.SshTestImage;
import io.computeregister.miner.runtime.docker.DockerConnection;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine for API tests that run miners on the docker runtime: skipped with a printed reason when no engine
 * answers, failed instead under {@code REQUIRE_DOCKER=1}. Builds the SSH test image locally (nothing is pulled).
 */
public final class DockerCheck {

    private static DockerClient client;
    private static String image;

    private DockerCheck() {}

    public static String host() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? DockerConnection.DEFAULT_HOST : env;
    }

    public static synchronized DockerClient requireOrSkip() {
        if (client == null) {
            DockerClient c = DockerConnection.open(host(), Duration.ofMinutes(3));
            try {
                c.pingCmd().exec();
                client = c;
            } catch (RuntimeException e) {
                skipOrFail("no Docker engine answers at " + host() + " (" + e.getMessage() + ")");
            }
        }
        if (image == null) {
            try {
                image = SshTestImage.ensureBuilt(client, SshTestImage.DEFAULT_TAG, false).tag();
            } catch (SshTestImage.MissingHostTools e) {
                skipOrFail(e.getMessage());
            }
        }
        return client;
    }

    static String image() {
        requireOrSkip();
        return image;
    }

    private static void skipOrFail(String reason) {
        if ("1".equals(System.getenv("REQUIRE_DOCKER"))) fail("REQUIRE_DOCKER=1 but " + reason);
        System.out.println("SKIPPED (docker): " + reason);
        Assumptions.abort(reason);
    }
}
