package io.computeregister.miner;

import java.nio.file.Files;
import java.util.Optional;

/** The miner scenarios on the sandbox runtime (no limits to read back: the sandbox applies none). */
class SandboxMinerTest extends MinerScenarioTest {

    @Override
    MinerConfig configure(MinerConfig base) {
        return base.withRuntime("sandbox");
    }

    @Override
    Optional<long[]> appliedLimits(int port) {
        return Optional.empty();
    }

    @Override
    boolean machineExists(String allocationId) {
        return Files.exists(dataDir.resolve("sandbox").resolve(allocationId));
    }
}
