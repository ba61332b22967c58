package io.computeregister.api.store;

import java.time.Instant;

/** An outbox row; {@code seq} orders events across the whole store. */
public record Event(long seq, String type, String allocationUuid, String payloadJson, Instant createdAt) {

    /** An event about to be written (its seq is assigned by the database). */
    public static Event of(String type, String allocationUuid, String payloadJson) {
        return new Event(0, type, allocationUuid, payloadJson, null);
    }
}
