package io.computeregister.miner.runtime.sandbox;

import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.HostBoundSettings;
import io.computeregister.miner.runtime.HostPorts;
import java.nio.file.Path;

/**
 * The sandbox runtime's settings: where allocations' SSH servers are published, and the bubblewrap that confines
 * renters ({@link Bubblewrap}). Allocations live in {@code <data-dir>/sandbox/<id>}.
 *
 * @param ports      the host ports and bind address of allocations' SSH servers
 * @param bubblewrap the {@code bwrap} executable (a name looked up on PATH, or a path)
 */
public record SandboxSettings(HostPorts ports, String bubblewrap) implements HostBoundSettings {

    public static final String NAME = "sandbox";
    public static final String BUBBLEWRAP = "bwrap";

    /** With {@code bwrap} from PATH. */
    public SandboxSettings(HostPorts ports) {
        this(ports, BUBBLEWRAP);
    }

    public SandboxSettings {
        if (bubblewrap == null || bubblewrap.isBlank()) {
            throw new IllegalArgumentException("the sandbox runtime needs bubblewrap's executable (bwrap)");
        }
    }

    @Override
    public String runtimeName() {
        return NAME;
    }

    /**
     * Starts one bubblewrap sandbox first: where none can be started (no bubblewrap, user namespaces off) the runtime
     * is refused with a message that says what to install.
     */
    @Override
    public ContainerRuntime open(Path dataDir) {
        return new SandboxRuntime(this, dataDir);
    }
}
