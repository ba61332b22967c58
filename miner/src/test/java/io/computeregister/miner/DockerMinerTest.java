package io.computeregister.miner;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.TestImage;
import java.util.Map;
import java.util.Optional;

/** The miner scenarios on the docker runtime; limits are read back from {@code docker inspect}. */
class DockerMinerTest extends MinerScenarioTest {

    private DockerClient docker;

    @Override
    RuntimeSettings runtime(HostPorts ports) {
        String image = TestImage.ensureBuilt();
        docker = DockerEngine.requireOrSkip();
        return new DockerSettings(DockerEngine.host(), image, ports);
    }

    @Override
    Optional<long[]> appliedLimits(int port) {
        Container c = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.computeregister.managed", "true")).exec().stream()
                .filter(x -> x.getPorts() != null && java.util.Arrays.stream(x.getPorts())
                        .map(ContainerPort::getPublicPort).anyMatch(p -> p != null && p == port))
                .findFirst().orElseThrow(() -> new AssertionError("no container publishes port " + port));
        var host = docker.inspectContainerCmd(c.getId()).exec().getHostConfig();
        return Optional.of(new long[] {host.getNanoCPUs(), host.getMemory()});
    }

    @Override
    long machinesOfThisMiner() {
        // Other miners may share the engine: ours are the managed containers publishing on our port range.
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.computeregister.managed", "true")).exec().stream()
                .filter(c -> c.getPorts() != null && java.util.Arrays.stream(c.getPorts())
                        .map(ContainerPort::getPublicPort)
                        .anyMatch(p -> p != null && p >= firstPort && p < firstPort + 8))
                .count();
    }

    @Override
    boolean machineExists(String allocationId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("io.computeregister.allocation", allocationId)).exec().size() > 0;
    }

}
