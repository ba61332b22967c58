package io.computeregister.miner.runtime.sandbox;

import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.HostBoundSettings;
import io.computeregister.miner.runtime.HostPorts;
import java.nio.file.Path;

/**
 * The sandbox runtime's settings: only where allocations' SSH servers are published. Allocations live in
 * {@code <data-dir>/sandbox/<id>}.
 *
 * @param ports the host ports and bind address of allocations' SSH servers
 */
public record SandboxSettings(HostPorts ports) implements HostBoundSettings {

    public static final String NAME = "sandbox";

    @Override
    public String runtimeName() {
        return NAME;
    }

    @Override
    public ContainerRuntime open(Path dataDir) {
        return new SandboxRuntime(this, dataDir);
    }
}
