package io.computeregister.miner.runtime;

import java.util.Collection;

/**
 * Where renters reach allocations' SSH servers, handed out by the runtime that runs them: a host-bound runtime
 * publishes each on a port of this machine ({@link PortPool}); a cluster runtime would hand out its service ports.
 *
 * <p>The miner reserves an endpoint before admission (the ledger records its port, so two live allocations never share
 * one), passes it to {@link ContainerRuntime#start} in the {@link RuntimeSpec}, and releases it when the allocation is
 * removed or its start fails. Implementations are thread-safe.
 */
public interface Endpoints {

    /** How many allocations can hold an endpoint at once: the capacity model's "port" resource. */
    int capacity();

    /**
     * Takes a free endpoint for a new allocation.
     *
     * @throws Exhausted saying why none is free
     */
    Endpoint reserve();

    /** Gives a port back; releasing one that is not held does nothing. */
    void release(int port);

    /** Marks ports as held: those of the live allocations in the ledger when the miner starts. */
    void hold(Collection<Integer> ports);

    /**
     * The port reported in {@code output.port} to a caller that owns no allocation. COMPAT: the original always sent
     * its one {@code --ssh.port}; ours sends the first port it may hand out.
     */
    int fallbackPort();

    /** Where one allocation's SSH server listens: {@code host} is the bind address (0.0.0.0 for all interfaces). */
    record Endpoint(String host, int port) {}

    /** No endpoint is free; the message says how many are held and why the others cannot be used. */
    final class Exhausted extends RuntimeException {
        public Exhausted(String message) {
            super(message);
        }
    }
}
