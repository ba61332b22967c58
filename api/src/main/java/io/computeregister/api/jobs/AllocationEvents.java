package io.computeregister.api.jobs;

import io.computeregister.api.http.Json;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The outbox events the background jobs write; every payload names the allocation, its miner and its renter. */
public final class AllocationEvents {

    public static final String DOWN = "allocation.down";
    public static final String UP = "allocation.up";
    public static final String EXPIRED = "allocation.expired";
    public static final String VANISHED = "allocation.vanished";

    private AllocationEvents() {}

    static Event down(AllocationRecord a, int misses, Instant at) {
        Map<String, Object> p = base(a);
        p.put("status", "OFFLINE");
        p.put("missed_probes", misses);
        p.put("at", at.toString());
        return Event.of(DOWN, a.uuid(), Json.write(p));
    }

    static Event up(AllocationRecord a, Instant at) {
        Map<String, Object> p = base(a);
        p.put("status", "ONLINE");
        p.put("at", at.toString());
        return Event.of(UP, a.uuid(), Json.write(p));
    }

    static Event expired(AllocationRecord a, boolean minerConfirmed) {
        Map<String, Object> p = base(a);
        p.put("expired_at", a.expiresAt().toString());
        p.put("miner_confirmed", minerConfirmed);
        return Event.of(EXPIRED, a.uuid(), Json.write(p));
    }

    static Event vanished(AllocationRecord a) {
        Map<String, Object> p = base(a);
        p.put("reason", "the miner no longer holds this allocation");
        return Event.of(VANISHED, a.uuid(), Json.write(p));
    }

    private static Map<String, Object> base(AllocationRecord a) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("uuid", a.uuid());
        p.put("hotkey", a.minerHotkey());
        p.put("tenant_id", a.tenantId());
        return p;
    }
}
