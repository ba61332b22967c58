package io.computeregister.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.TestImage;
import java.util.Map;
import java.util.Set;

/**
 * The end-to-end scenario with the miners on the docker runtime: every allocation is a real container running the
 * SSH test image, and after deallocation no container labelled with those allocations' ids exists (running or
 * stopped). Skipped with a printed reason without an engine, failed instead under {@code REQUIRE_DOCKER=1}.
 */
class DockerEndToEndTest extends SandboxEndToEndTest {

    /** The miner's label naming the allocation a container belongs to. */
    private static final String ALLOCATION_LABEL = "io.computeregister.allocation";

    @Override
    RuntimeSettings runtime(HostPorts ports) {
        String image = TestImage.ensureBuilt(); // skips (or fails under REQUIRE_DOCKER=1) without an engine
        return new DockerSettings(DockerEngine.host(), image, ports);
    }

    @Override
    void assertNoMachineLeft(Set<String> allocationIds) {
        assertThat(allocationIds).isNotEmpty();
        for (String id : allocationIds) {
            assertThat(DockerEngine.requireOrSkip().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(ALLOCATION_LABEL, id)).exec())
                    .as("containers of allocation " + id).isEmpty();
        }
    }
}
