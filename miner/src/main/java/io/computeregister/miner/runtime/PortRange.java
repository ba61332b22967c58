package io.computeregister.miner.runtime;

/**
 * A range of host ports as the operator configures it, e.g. {@code 40000-40999}. A value: which of its ports are taken
 * is kept by {@link PortPool}.
 */
public final class PortRange {

    private final int first;
    private final int last;

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

    @Override
    public boolean equals(Object o) {
        return o instanceof PortRange r && r.first == first && r.last == last;
    }

    @Override
    public int hashCode() {
        return 31 * first + last;
    }

    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
