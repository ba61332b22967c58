package io.computeregister.api.jobs;

import io.computeregister.api.store.AllocationEventData;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.Event;
import java.time.Instant;

/** The outbox events the background jobs write; every payload names the allocation, its miner and its renter. */
public final class AllocationEvents {

    public static final String DOWN = "allocation.down";
    public static final String UP = "allocation.up";
    public static final String EXPIRED = "allocation.expired";
    public static final String VANISHED = "allocation.vanished";

    private AllocationEvents() {}

    static Event down(AllocationRecord a, int misses, Instant at) {
        return AllocationEventData.down(a, misses, at).event(DOWN);
    }

    static Event up(AllocationRecord a, Instant at) {
        return AllocationEventData.up(a, at).event(UP);
    }

    static Event expired(AllocationRecord a, boolean minerConfirmed) {
        return AllocationEventData.expired(a, minerConfirmed).event(EXPIRED);
    }

    static Event vanished(AllocationRecord a) {
        return AllocationEventData.vanished(a, "the miner no longer holds this allocation").event(VANISHED);
    }
}
