package io.computeregister.miner.runtime.docker;

import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.HostBoundSettings;
import io.computeregister.miner.runtime.HostPorts;
import java.nio.file.Path;

/**
 * The docker runtime's settings.
 *
 * @param dockerHost the engine's address ({@code --docker-host}); null: {@link DockerConnection#DEFAULT_HOST}
 * @param image      the image allocations run ({@code --image}); it must already be on the engine (nothing is pulled)
 * @param ports      the host ports and bind address containers publish SSH on
 */
public record DockerSettings(String dockerHost, String image, HostPorts ports) implements HostBoundSettings {

    public static final String NAME = "docker";

    public DockerSettings {
        dockerHost = dockerHost == null || dockerHost.isBlank() ? DockerConnection.DEFAULT_HOST : dockerHost.strip();
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("--image is required with --runtime docker");
        }
    }

    @Override
    public String runtimeName() {
        return NAME;
    }

    /** Connects and lists this runtime's containers once: a wrong engine address fails here, naming it. */
    @Override
    public ContainerRuntime open(Path dataDir) {
        DockerRuntime docker = new DockerRuntime(DockerConnection.open(dockerHost), DockerRuntime.Options.defaults(),
                this, dataDir);
        try {
            docker.list();
        } catch (RuntimeException e) {
            docker.close();
            throw new IllegalStateException("--runtime docker: no Docker engine answers at " + dockerHost + " ("
                    + e.getMessage() + ")");
        }
        return docker;
    }
}
