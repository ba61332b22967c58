package io.computeregister.miner;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import java.nio.file.Files;
import java.util.Optional;

/** The miner scenarios on the sandbox runtime (no limits to read back: the sandbox applies none). */
class SandboxMinerTest extends MinerScenarioTest {

    @Override
    RuntimeSettings runtime(HostPorts ports) {
        return new SandboxSettings(ports);
    }

    @Override
    Optional<long[]> appliedLimits(int port) {
        return Optional.empty();
    }

    @Override
    boolean machineExists(String allocationId) {
        return Files.exists(dataDir.resolve("sandbox").resolve(allocationId));
    }

    @Override
    long machinesOfThisMiner() {
        try (var dirs = Files.list(dataDir.resolve("sandbox"))) {
            return dirs.filter(d -> Files.exists(d.resolve(".sandbox"))).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
