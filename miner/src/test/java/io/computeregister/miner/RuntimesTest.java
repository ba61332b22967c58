package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerConnection;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The registry of runtimes: a name picks a runtime, which reads its own settings from the operator's options. */
class RuntimesTest {

    private static final HostPorts PORTS = new HostPorts(new PortRange(40000, 40099), "0.0.0.0");

    @Test
    void an_unknown_name_is_refused_naming_every_runtime_there_is() {
        assertThat(Runtimes.names()).containsExactly("docker", "sandbox");
        assertThatThrownBy(() -> Runtimes.settings("podman", new Runtimes.Options(null, java.util.Map.of("default", "img"), PORTS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--runtime must be docker or sandbox, got 'podman'");
    }

    @Test
    void each_runtime_takes_the_options_it_has() {
        RuntimeSettings docker = Runtimes.settings("docker", new Runtimes.Options(null, java.util.Map.of("default", "my/image:1"), PORTS));
        RuntimeSettings sandbox = Runtimes.settings("sandbox", new Runtimes.Options(null, java.util.Map.of("default", "my/image:1"), PORTS));

        assertThat(docker).isEqualTo(new DockerSettings(DockerConnection.DEFAULT_HOST, "my/image:1", PORTS));
        assertThat(sandbox).isEqualTo(new SandboxSettings(PORTS));
        assertThat(docker.runtimeName()).isEqualTo("docker");
        assertThat(sandbox.hostPorts()).contains(PORTS);
    }

    @Test
    void docker_without_an_image_is_refused_naming_the_option() {
        assertThatThrownBy(() -> Runtimes.settings("docker", new Runtimes.Options(null, java.util.Map.of(), PORTS)))
                .hasMessage("--image is required with --runtime docker");
    }

    @Test
    void the_axon_port_may_not_be_one_the_runtime_publishes_allocations_on() {
        MinerConfig config = MinerConfig.defaults(Path.of("/tmp/miner"), new SandboxSettings(PORTS));

        assertThatThrownBy(() -> config.withAxon("0.0.0.0", 40005))
                .hasMessage("--port 40005 lies inside --ssh-ports 40000-40099");
        assertThat(config.withAxon("0.0.0.0", 8091).axonPort()).isEqualTo(8091);
    }
}
