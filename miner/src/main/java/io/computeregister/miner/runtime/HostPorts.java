package io.computeregister.miner.runtime;

import java.util.Objects;

/**
 * The settings of a host-bound runtime (docker, sandbox) that say where renters reach allocations: each allocation's
 * SSH server is published on one port of {@code range}, bound to {@code bindHost}. A runtime that does not run on this
 * machine (a cluster) has no such settings; it hands out its own {@link Endpoints}.
 *
 * @param range    the host ports allocations' SSH servers are published on ({@code --ssh-ports})
 * @param bindHost the address they are published on ({@code --ssh-host}), e.g. 0.0.0.0 or 127.0.0.1
 */
public record HostPorts(PortRange range, String bindHost) {

    public HostPorts {
        Objects.requireNonNull(range, "--ssh-ports");
        if (bindHost == null || bindHost.isBlank()) {
            throw new IllegalArgumentException("--ssh-host is empty; expected an address such as 0.0.0.0");
        }
    }

    /** {@code 0.0.0.0:40000-40099}: for the start-up line. */
    @Override
    public String toString() {
        return bindHost + ":" + range;
    }
}
