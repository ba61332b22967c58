package io.computeregister.api.store;

public enum AllocationState {
    /** The miner confirmed the container; the renter holds it. */
    ACTIVE,
    /** Ended and the miner confirmed the container is gone. */
    DEALLOCATED,
    /** Ended by the renter, but the miner did not confirm; its slot stays held for a cool-down. */
    DEALLOCATED_UNCONFIRMED;

    String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static AllocationState fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
