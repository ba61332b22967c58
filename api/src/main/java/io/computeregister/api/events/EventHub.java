package io.computeregister.api.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the events table (the outbox every state change writes in its own transaction) to WebSocket clients.
 *
 * <p>One tick every {@code pollEvery}: read once from the store after the lowest cursor of all subscribers, give each
 * subscriber what lies beyond its own cursor, and send the keepalive to those that are due. Reading the table rather
 * than an in-memory bus means a reconnecting client with {@code ?since=N} gets exactly what it missed, in order, and
 * events written by another process reach it too. A subscriber's cursor only moves over a gap in the seqs once the
 * gap is filled or older than {@link Event#COMMIT_LAG} (the rule the webhook fan-out's watermark follows): on
 * PostgreSQL a lower seq can commit after a higher one is visible, and jumping to the higher one would lose it. A
 * renter only sees events about its own allocations; events with no tenant (a miner going down) go to everyone.
 */
public final class EventHub implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final int BATCH = 500;

    /** Where frames go; one per WebSocket connection. */
    public interface Sink {
        /** Sends one text frame; false when the connection is gone. */
        boolean send(String frame);
    }

    private static final class Subscriber {
        final Sink sink;
        final Tenant tenant;
        volatile long cursor;
        volatile long nextKeepalive;

        Subscriber(Sink sink, Tenant tenant, long cursor) {
            this.sink = sink;
            this.tenant = tenant;
            this.cursor = cursor;
        }
    }

    private final Store store;
    private final Clock clock;
    private final Duration keepaliveEvery;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-hub");
        t.setDaemon(true);
        return t;
    });

    public EventHub(Store store, Clock clock, Duration pollEvery, Duration keepaliveEvery) {
        this.store = store;
        this.clock = clock;
        this.keepaliveEvery = keepaliveEvery;
        ticker.scheduleWithFixedDelay(this::tick, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Adds a subscriber and sends its first keepalive at once, as the original did. {@code since} null means live
     * events only (from the current end of the table); otherwise every event with a greater seq is replayed first.
     */
    public Object subscribe(Sink sink, Tenant tenant, Long since) {
        long cursor = since != null ? since : store.lastEventSeq();
        Subscriber s = new Subscriber(sink, tenant, cursor);
        s.nextKeepalive = System.nanoTime() + keepaliveEvery.toNanos();
        synchronized (s) {
            sink.send(keepalive());
        }
        subscribers.add(s);
        return s;
    }

    public void unsubscribe(Object handle) {
        subscribers.remove(handle);
    }

    /**
     * Runs a tick now instead of at the next poll: called when PostgreSQL's LISTEN/NOTIFY announces an event another
     * replica (or this one) committed. The poll stays as the fallback (SQLite, a listener reconnecting).
     */
    public void wake() {
        if (!subscribers.isEmpty() && !ticker.isShutdown()) {
            ticker.execute(this::tick);
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    private void tick() {
        try {
            if (subscribers.isEmpty()) return;
            long from = Long.MAX_VALUE;
            for (Subscriber s : subscribers) from = Math.min(from, s.cursor);
            List<Event> events = store.eventsAfter(from, BATCH);
            long now = System.nanoTime();
            Instant at = clock.instant();
            for (Subscriber s : subscribers) deliver(s, events, at, now);
        } catch (RuntimeException e) {
            log.warn("event stream tick failed (retried next tick): {}", e.toString());
        }
    }

    private void deliver(Subscriber s, List<Event> events, Instant at, long now) {
        boolean open = true;
        synchronized (s) {
            for (Event e : events) {
                if (e.seq() <= s.cursor) continue;
                // A lower seq may still commit (PostgreSQL): wait for it, so the client gets every event once and in
                // order, and the highest seq it saw stays a correct ?since=N.
                if (!e.nextAfter(s.cursor, at)) break;
                if (visible(s.tenant, e)) open = s.sink.send(frame(e));
                if (!open) break;
                s.cursor = e.seq();
            }
            if (open && now - s.nextKeepalive >= 0) {
                open = s.sink.send(keepalive());
                s.nextKeepalive = now + keepaliveEvery.toNanos();
            }
        }
        if (!open) subscribers.remove(s);
    }

    static boolean visible(Tenant tenant, Event e) {
        if (tenant.admin()) return true;
        try {
            JsonNode owner = Json.MAPPER.readTree(e.payloadJson()).get("tenant_id");
            return owner == null || owner.isNull() || owner.asText().equals(tenant.id());
        } catch (Exception malformed) {
            return false; // cannot tell whose it is: do not leak it
        }
    }

    /** A text frame on {@code /connect}: {@code {"type", "payload"}}, in this order (docs/protocol.md §2.2). */
    public record Frame(String type, Object payload) {}

    /** The payload of the original's keepalive frame. */
    public record Keepalive(String time) {}

    /** The payload of an event frame: the outbox row, its JSON payload as {@code data} (null if unreadable). */
    public record EventPayload(long seq, String event, String allocationUuid, String time, JsonNode data) {}

    private String keepalive() {
        return Json.write(new Frame("keepalive", new Keepalive(TIME.format(clock.instant()))));
    }

    static String frame(Event e) {
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(e.payloadJson());
        } catch (Exception malformed) {
            data = null;
        }
        return Json.write(new Frame("event", new EventPayload(e.seq(), e.type(), e.allocationUuid(),
                e.createdAt() == null ? null : TIME.format(e.createdAt()), data)));
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        subscribers.clear();
    }

}
