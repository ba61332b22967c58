package io.computeregister.api.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.computeregister.api.http.Json;
import java.time.Instant;

/**
 * The payload of every allocation event in the outbox (what {@code /connect} frames carry as {@code data} and
 * webhooks deliver): the allocation, its miner and its renter, plus what the event type adds. One shape for all of
 * them, built by the factories below; a field an event does not carry is left out, so each type's JSON is exactly
 * its own fields, in this order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AllocationEventData(
        String uuid,
        String hotkey,
        String tenantId,
        String expiresAt,
        String expiredAt,
        String status,
        Integer missedProbes,
        String at,
        Boolean minerConfirmed,
        @JsonProperty("notify") Boolean notifyFlag, // "notify" cannot name a record component (Object.notify)
        String action,
        String keyType,
        String reason) {

    private static AllocationEventData of(AllocationRecord a) {
        return new AllocationEventData(a.uuid(), a.minerHotkey(), a.tenantId(), null, null, null, null, null, null,
                null, null, null, null);
    }

    /** allocation.created */
    public static AllocationEventData created(AllocationRecord a) {
        return of(a).with(a.expiresAt().toString(), null, null, null, null, null, null, null, null, null);
    }

    /** allocation.deallocated, by its renter */
    public static AllocationEventData deallocated(AllocationRecord a, boolean minerConfirmed, boolean notify) {
        return of(a).with(null, null, null, null, null, minerConfirmed, notify, null, null, null);
    }

    /** a container action the miner confirmed ({@code action} as on the wire; {@code keyType} for exchange_key) */
    public static AllocationEventData action(AllocationRecord a, String action, String keyType) {
        return of(a).with(null, null, null, null, null, null, null, action, keyType, null);
    }

    /** allocation.extended: the new expiry */
    public static AllocationEventData extended(AllocationRecord a, Instant expiresAt, int days) {
        return of(a).with(expiresAt.toString(), null, null, null, null, null, null, "extend", null,
                days + " days");
    }

    /** allocation.down */
    public static AllocationEventData down(AllocationRecord a, int missedProbes, Instant at) {
        return of(a).with(null, null, "OFFLINE", missedProbes, at.toString(), null, null, null, null, null);
    }

    /** allocation.up */
    public static AllocationEventData up(AllocationRecord a, Instant at) {
        return of(a).with(null, null, "ONLINE", null, at.toString(), null, null, null, null, null);
    }

    /** allocation.expired */
    public static AllocationEventData expired(AllocationRecord a, boolean minerConfirmed) {
        return of(a).with(null, a.expiresAt().toString(), null, null, null, minerConfirmed, null, null, null, null);
    }

    /** allocation.vanished */
    public static AllocationEventData vanished(AllocationRecord a, String reason) {
        return of(a).with(null, null, null, null, null, null, null, null, null, reason);
    }

    /** The outbox row of this payload. */
    public Event event(String type) {
        return Event.of(type, uuid, Json.write(this));
    }

    private AllocationEventData with(String expiresAt, String expiredAt, String status, Integer missedProbes,
                                     String at, Boolean minerConfirmed, Boolean notifyFlag, String action,
                                     String keyType, String reason) {
        return new AllocationEventData(uuid, hotkey, tenantId, expiresAt, expiredAt, status, missedProbes, at,
                minerConfirmed, notifyFlag, action, keyType, reason);
    }
}
