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

    @org.junit.jupiter.api.Test
    void a_file_under_volume_path_survives_restart_and_goes_with_the_allocation() throws Exception {
        java.security.KeyPair key = io.computeregister.miner.testing.SshLogin.newKey();
        com.fasterxml.jackson.databind.JsonNode a = allocate(key, "/data");
        int port = a.path("ssh_port").asInt();
        String user = a.path("ssh_username").asText();
        String uuid = a.path("uuid_key").asText();
        login(port, user, null, key, "echo kept > /data/notes.txt");

        Answer restarted = post("/service/restart_docker?hotkey=" + miner.hotkey() + "&uuid_key=" + uuid, null,
                renter);
        org.assertj.core.api.Assertions.assertThat(restarted.status()).as(restarted.raw()).isEqualTo(200);
        awaitLogin(port, user, null, key);
        org.assertj.core.api.Assertions.assertThat(login(port, user, null, key, "cat /data/notes.txt"))
                .contains("kept");

        java.nio.file.Path volumes = miner.config().dataDir().resolve("volumes");
        org.assertj.core.api.Assertions.assertThat(volumes).isDirectoryContaining(p -> true);
        Answer freed = post("/service/deallocate?hotkey=" + miner.hotkey() + "&uuid_key=" + uuid, null, renter);
        org.assertj.core.api.Assertions.assertThat(freed.status()).as(freed.raw()).isEqualTo(200);
        try (var left = java.nio.file.Files.list(volumes)) {
            org.assertj.core.api.Assertions.assertThat(left).as("the volume goes with the allocation").isEmpty();
        }
    }

    /** The container's output: the SSH server (dropbear -E) logs each login to stderr. */
    @Override
    void assertLogs(String logs) {
        org.assertj.core.api.Assertions.assertThat(logs).contains("auth succeeded");
    }
}
