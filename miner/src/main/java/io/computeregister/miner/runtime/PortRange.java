package io.computeregister.miner.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The host ports the miner may publish allocation SSH servers on, e.g. {@code 40000-40999}, and which of them are
 * held by allocations.
 *
 * <p>{@link #allocate} picks the lowest port that is neither held by an allocation nor in use by any other process
 * right now (it tries to bind it). The bind test cannot reserve the port against other processes until the runtime
 * binds it, so a start can still lose a race; the runtime then fails with "address in use" and the caller releases
 * the port and retries. Thread-safe.
 */
public final class PortRange {

    private final int first;
    private final int last;
    private final Set<Integer> held = new TreeSet<>();

    public PortRange(int first, int last) {
        if (first < 1 || last > 65535) {
            throw new IllegalArgumentException("port range must lie within 1-65535, got " + first + "-" + last);
        }
        if (first > last) {
            throw new IllegalArgumentException("port range start " + first + " is above its end " + last);
        }
        this.first = first;
        this.last = last;
    }

    /**
     * Parses {@code "40000-40999"} or a single port {@code "4444"}.
     *
     * @param option the option name to cite in errors, e.g. "--ssh-ports"
     * @throws IllegalArgumentException naming the option and what is wrong
     */
    public static PortRange parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(option + " is empty; expected a port range such as 40000-40999");
        }
        String[] parts = text.strip().split("\\s*-\\s*", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException(option + " '" + text + "' has more than one '-'; expected FIRST-LAST");
        }
        int from = port(option, text, parts[0]);
        int to = parts.length == 2 ? port(option, text, parts[1]) : from;
        try {
            return new PortRange(from, to);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " '" + text + "': " + e.getMessage());
        }
    }

    private static int port(String option, String text, String part) {
        try {
            int port = Integer.parseInt(part);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(option + " '" + text + "': " + port + " is not a port (1-65535)");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + text + "': '" + part + "' is not a number");
        }
    }

    public int first() {
        return first;
    }

    public int last() {
        return last;
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /**
     * Takes the lowest free port: not held by an allocation and bindable on {@code bindHost} now.
     *
     * @throws PortsExhausted saying how many ports are held and how many are used by other processes
     */
    public synchronized int allocate(String bindHost) {
        int busyElsewhere = 0;
        for (int port = first; port <= last; port++) {
            if (held.contains(port)) {
                continue;
            }
            if (bindable(bindHost, port)) {
                held.add(port);
                return port;
            }
            busyElsewhere++;
        }
        throw new PortsExhausted("no free SSH port in " + this + ": " + held.size() + " held by allocations, "
                + busyElsewhere + " in use by other processes");
    }

    /** Marks ports as held (e.g. those of the allocations in the ledger when the miner starts). */
    public synchronized void hold(Collection<Integer> ports) {
        for (int port : ports) {
            if (contains(port)) {
                held.add(port);
            }
        }
    }

    /** Returns a port to the pool; releasing a port that is not held does nothing. */
    public synchronized void release(int port) {
        held.remove(port);
    }

    public synchronized Set<Integer> held() {
        return Set.copyOf(held);
    }

    /** Ports neither held nor known to be busy (the bind test runs only in {@link #allocate}). */
    public synchronized int unheld() {
        return size() - held.size();
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }

    private static boolean bindable(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // SO_REUSEADDR as the runtime's own listener sets it: a port whose old connections linger in TIME_WAIT is usable.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every port of the range is taken. */
    public static final class PortsExhausted extends RuntimeException {
        public PortsExhausted(String message) {
            super(message);
        }
    }
}
