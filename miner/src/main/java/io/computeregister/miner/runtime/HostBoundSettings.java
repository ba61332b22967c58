package io.computeregister.miner.runtime;

import java.util.Optional;

/**
 * The settings of a runtime whose machines run on this host (docker, sandbox): they rent out this machine
 * ({@link LocalSite}) and publish each allocation's SSH server on one of its ports.
 */
public interface HostBoundSettings extends RuntimeSettings {

    /** The host ports and bind address of allocations' SSH servers. */
    HostPorts ports();

    @Override
    default Optional<HostPorts> hostPorts() {
        return Optional.of(ports());
    }
}
