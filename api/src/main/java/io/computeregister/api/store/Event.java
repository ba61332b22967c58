package io.computeregister.api.store;

import java.time.Duration;
import java.time.Instant;

/** An outbox row; {@code seq} orders events across the whole store. */
public record Event(long seq, String type, String allocationUuid, String payloadJson, Instant createdAt) {

    /**
     * How long a missing seq may still appear. PostgreSQL hands out seq at insert and transactions commit in any
     * order, so a reader can see seq N+1 while N is still uncommitted; a rolled-back insert leaves N missing for good.
     * Once the event after a gap is older than this, the gap is taken as one that will never fill: our transactions
     * append their event last and commit at once, so a minute is far beyond any real commit delay (and covers modest
     * clock skew between replicas, whose clocks stamp {@code createdAt}). Readers that must see every event exactly
     * once and in order (the webhook fan-out, the WebSocket stream) wait at a gap until it fills or is this old.
     */
    public static final Duration COMMIT_LAG = Duration.ofSeconds(60);

    /** An event about to be written (its seq is assigned by the database). */
    public static Event of(String type, String allocationUuid, String payloadJson) {
        return new Event(0, type, allocationUuid, payloadJson, null);
    }

    /**
     * Whether this event may be passed to a reader whose last seen seq is {@code cursor}: it follows directly, or
     * the gap before it is older than {@link #COMMIT_LAG} and so will never fill.
     */
    public boolean nextAfter(long cursor, Instant now) {
        return seq == cursor + 1 || createdAt.plus(COMMIT_LAG).isBefore(now);
    }
}
