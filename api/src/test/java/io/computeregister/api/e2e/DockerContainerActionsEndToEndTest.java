package io.computeregister.api.e2e;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.TestImage;

/**
 * The container actions through the API with the miner on the docker runtime: the allocation is a real container
 * running the SSH test image, so pause is the engine's cgroup freeze and restart a real container restart. Skipped
 * with a printed reason without an engine, failed instead under {@code REQUIRE_DOCKER=1}.
 */
class DockerContainerActionsEndToEndTest extends ContainerActionsEndToEndTest {

    @Override
    RuntimeSettings runtime(HostPorts ports) {
        String image = TestImage.ensureBuilt(); // skips (or fails under REQUIRE_DOCKER=1) without an engine
        return new DockerSettings(DockerEngine.host(), image, ports);
    }

    /** The container's output: the SSH server (dropbear -E) logs each login to stderr. */
    @Override
    void assertLogs(String logs) {
        org.assertj.core.api.Assertions.assertThat(logs).contains("auth succeeded");
    }
}
