package io.computeregister.miner.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link Endpoints} of a host-bound runtime: the ports of its {@link HostPorts} range, and which of them are held
 * by allocations.
 *
 * <p>{@link #reserve} picks the lowest port that is neither held by an allocation nor in use by any other process
 * right now (it tries to bind it). The bind test cannot reserve the port against other processes until the runtime
 * binds it, so a start can still lose a race; the runtime then fails with "address in use" and the caller releases
 * the port and retries. Thread-safe.
 */
public final class PortPool implements Endpoints {

    private final HostPorts ports;
    private final Set<Integer> held = new TreeSet<>();

    public PortPool(HostPorts ports) {
        this.ports = Objects.requireNonNull(ports, "ports");
    }

    @Override
    public int capacity() {
        return ports.range().size();
    }

    /**
     * Takes the lowest free port: not held by an allocation and bindable on the bind host now.
     *
     * @throws Endpoints.Exhausted saying how many ports are held and how many are used by other processes
     */
    @Override
    public synchronized Endpoint reserve() {
        PortRange range = ports.range();
        int busyElsewhere = 0;
        for (int port = range.first(); port <= range.last(); port++) {
            if (held.contains(port)) {
                continue;
            }
            if (bindable(ports.bindHost(), port)) {
                held.add(port);
                return new Endpoint(ports.bindHost(), port);
            }
            busyElsewhere++;
        }
        throw new Exhausted("no free SSH port in " + range + ": " + held.size() + " held by allocations, "
                + busyElsewhere + " in use by other processes");
    }

    @Override
    public synchronized void hold(Collection<Integer> taken) {
        for (int port : taken) {
            if (ports.range().contains(port)) {
                held.add(port);
            }
        }
    }

    @Override
    public synchronized void release(int port) {
        held.remove(port);
    }

    @Override
    public int fallbackPort() {
        return ports.range().first();
    }

    public synchronized Set<Integer> held() {
        return Set.copyOf(held);
    }

    /** {@code 0.0.0.0:40000-40099}: for the start-up line. */
    @Override
    public String toString() {
        return ports.toString();
    }

    /** Whether a listener could bind {@code host:port} now (PortPoolTest picks its ranges with it too). */
    static boolean bindable(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // SO_REUSEADDR as the runtime's own listener sets it: a port whose old connections linger in TIME_WAIT is usable.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
