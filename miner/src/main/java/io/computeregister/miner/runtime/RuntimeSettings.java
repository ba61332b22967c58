package io.computeregister.miner.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One runtime's own settings record (the engine address and image for docker, nothing but ports for the sandbox), and
 * the factory of that runtime. The miner's configuration holds one of these and knows nothing of what is inside; the
 * registry of runtimes ({@code io.computeregister.miner.Runtimes}) makes one from the operator's options by name.
 */
public interface RuntimeSettings {

    /**
     * The runtime's name in the registry and in the ledger ("docker", "sandbox"): every allocation records it, so a
     * miner restarted with another runtime leaves the first one's allocations alone.
     */
    String runtimeName();

    /**
     * The host ports this runtime publishes allocations on ({@link HostBoundSettings}); empty for one that does not run
     * on this machine. The miner keeps its own axon port out of them.
     */
    default Optional<HostPorts> hostPorts() {
        return Optional.empty();
    }

    /**
     * Opens the runtime: connects to what it drives and checks that it answers, so a wrong setting fails the miner's
     * start instead of the first allocation.
     *
     * @param dataDir the miner's data directory (a runtime may keep files below it)
     * @throws IllegalStateException naming the setting and what is wrong
     */
    ContainerRuntime open(Path dataDir);
}
