package io.computeregister.api.store;

/** What the API last learned about a miner's reachability. */
public enum Health {
    /** Never probed since it appeared in the metagraph. */
    UNKNOWN,
    ONLINE,
    /** Stopped answering; placement skips it. */
    DOWN;

    String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Health fromDb(String value) {
        return value == null ? UNKNOWN : valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
