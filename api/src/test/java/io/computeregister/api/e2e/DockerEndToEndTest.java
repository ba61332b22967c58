package io.computeregister.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.TestImage;
import java.nio.file.Files;
import java.nio.file.Path;
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
    MinerConfig runtime(MinerConfig defaults) {
        String image = TestImage.ensureBuilt(); // skips (or fails under REQUIRE_DOCKER=1) without an engine
        return defaults.withRuntime("docker").withImage(DockerEngine.host(), image);
    }

    /**
     * allocate_hotkey always asks the miner for one GPU (the original's fixed device_requirement, reference §2.4), and
     * this machine has none, so on docker it must fail cleanly: a 404 naming the miner, and no container left behind.
     * The second allocation is then placed by allocate_spec, which lands on the only free miner.
     */
    @Override
    JsonNode allocateOnOtherMiner(String hotkey, String renter) throws Exception {
        if (!hostHasNvidiaGpu()) {
            JsonNode refused = post("/service/allocate_hotkey?hotkey=" + hotkey, null, renter);
            assertThat(refused.path("success").asBoolean()).as(refused.toString()).isFalse();
            assertThat(refused.toString()).contains(hotkey);
            Miner target = miners.stream().filter(m -> m.hotkey().equals(hotkey)).findFirst().orElseThrow();
            assertThat(target.ledger().live()).as("allocations left by the failed allocate_hotkey").isEmpty();
            return post("/service/allocate_spec", """
                    {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1,
                                      "timeline": 1},
                     "docker_requirement": {"ssh_key": ""}}""", renter);
        }
        return super.allocateOnOtherMiner(hotkey, renter);
    }

    private static boolean hostHasNvidiaGpu() {
        return Files.exists(Path.of("/dev/nvidia0"));
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
