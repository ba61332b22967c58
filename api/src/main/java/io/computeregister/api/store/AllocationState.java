package io.computeregister.api.store;

public enum AllocationState {
    /** The miner confirmed the container; the renter holds it. */
    ACTIVE,
    /** Ended and the miner confirmed the container is gone. */
    DEALLOCATED,
    /**
     * Ended (by the renter or lease expiry) but the miner did not confirm the container is gone: the miner stays held
     * and reconciliation retries the deallocation until it does, then the state becomes {@link #DEALLOCATED}.
     */
    DEALLOCATED_UNCONFIRMED;

    String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static AllocationState fromDb(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
