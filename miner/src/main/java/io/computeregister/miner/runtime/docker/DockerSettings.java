package io.computeregister.miner.runtime.docker;

import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.HostBoundSettings;
import io.computeregister.miner.runtime.HostPorts;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The docker runtime's settings.
 *
 * @param dockerHost the engine's address ({@code --docker-host}); null: {@link DockerConnection#DEFAULT_HOST}
 * @param image      the default image allocations run (the catalog's first); it must already be on the engine (nothing
 *                   is pulled)
 * @param ports      the host ports and bind address containers publish SSH on
 * @param catalog    the images a renter may pick by name ({@code --image NAME=REF ...}), the default first
 */
public record DockerSettings(String dockerHost, String image, HostPorts ports, Map<String, String> catalog)
        implements HostBoundSettings {

    public static final String NAME = "docker";
    /** The name of an image given without one ({@code --image REF}). */
    public static final String DEFAULT_NAME = "default";

    public DockerSettings {
        dockerHost = dockerHost == null || dockerHost.isBlank() ? DockerConnection.DEFAULT_HOST : dockerHost.strip();
        if (catalog == null || catalog.isEmpty()) {
            if (image == null || image.isBlank()) {
                throw new IllegalArgumentException("--image is required with --runtime docker");
            }
            catalog = Map.of(DEFAULT_NAME, image);
        }
        catalog = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(catalog));
        image = catalog.values().iterator().next();
    }

    /** One image, named {@value #DEFAULT_NAME}. */
    public DockerSettings(String dockerHost, String image, HostPorts ports) {
        this(dockerHost, image, ports, null);
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
