package io.computeregister.miner.runtime.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds the image for a request that carries the original's {@code docker_requirement.dockerfile} text: FROM the
 * configured (local) image, then that text as one RUN step.
 *
 * <p>The original pasted the text into a Dockerfile, so a newline let a request add any instruction (docs/compatibility.md row 44).
 * Here it is the single argument of an exec-form {@code RUN ["/bin/sh", "-c", <json string>]}: JSON escaping keeps it
 * on one Dockerfile line, so it can only be the shell script of that step, run inside the renter's own image.
 */
final class DerivedImage {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DerivedImage() {}

    static String dockerfile(String baseImage, String runStep) {
        try {
            return "FROM " + baseImage + "\n"
                    + "RUN " + JSON.writeValueAsString(List.of("/bin/sh", "-c", runStep)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds {@code tag} without pulling (the base must be local); returns the image id. */
    static String build(DockerClient docker, String baseImage, String runStep, String tag, Duration timeout) {
        byte[] context = ContainerFiles.tar(List.of(new ContainerFiles.FileToWrite(
                "/Dockerfile", dockerfile(baseImage, runStep).getBytes(StandardCharsets.UTF_8), 0644)));
        try (BuildImageResultCallback callback = docker.buildImageCmd()
                .withTarInputStream(new ByteArrayInputStream(context))
                .withTags(Set.of(tag))
                .withPull(false)
                .withRemove(true)
                .withForcerm(true)
                .withLabels(Map.of(AllocationContainer.LABEL_MANAGED, "true"))
                .exec(new BuildImageResultCallback())) {
            return callback.awaitImageId(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
