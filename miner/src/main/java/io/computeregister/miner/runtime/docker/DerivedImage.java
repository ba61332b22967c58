package io.computeregister.miner.runtime.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import io.computeregister.miner.runtime.RuntimeSpec;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

    /**
     * Builds the allocation's derived image ({@link AllocationContainer#derivedImage}) without pulling (the base must
     * be local), labelled with the allocation so that one left by a miner that died mid-build is found and removed at
     * the next start. The step runs under the allocation's limits: memory (no swap beyond it), a CPU share in
     * proportion to its cores (the build API has no CPU quota; shares weigh it against other work when the CPU is
     * contended), and {@code timeout}: past it the build is cancelled (the engine stops the step when its client goes
     * away) and this throws. The build API has no PIDs limit; memory and the time bound contain a fork bomb.
     *
     * @return the image id
     * @throws IllegalStateException when the step ran past {@code timeout}
     */
    static String build(DockerClient docker, String baseImage, RuntimeSpec spec, Duration timeout) {
        String id = spec.allocationId();
        byte[] context = ContainerFiles.tar(List.of(new ContainerFiles.FileToWrite(
                "/Dockerfile", dockerfile(baseImage, spec.dockerfile()).getBytes(StandardCharsets.UTF_8), 0644)));
        BuildImageCmd build = docker.buildImageCmd()
                .withTarInputStream(new ByteArrayInputStream(context))
                .withTags(Set.of(AllocationContainer.derivedImage(id)))
                .withPull(false)
                .withRemove(true)
                .withForcerm(true)
                .withLabels(AllocationContainer.labels(id));
        if (spec.memoryBytes() > 0) {
            build.withMemory(spec.memoryBytes()).withMemswap(spec.memoryBytes());
        }
        if (spec.cpus() > 0) {
            build.withCpushares(Long.toString(Math.max(2, Math.round(spec.cpus() * 1024))));
        }
        // Closing the callback (leaving this block) closes the connection, which cancels a build still running.
        try (BuildImageResultCallback callback = build.exec(new BuildImageResultCallback())) {
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the dockerfile step did not finish within " + timeout.toSeconds()
                        + " s and was cancelled");
            }
            return callback.awaitImageId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the dockerfile step", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
