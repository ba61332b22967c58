package io.computeregister.api.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this replica about events any replica committed: {@code LISTEN compute_events} on a dedicated connection; the
 * {@code events} table's trigger (migration V42) sends {@code NOTIFY compute_events, '<seq>'} at each commit. Every
 * subscriber is called with the new event's seq on the listener thread (keep it short: hand off, do not block).
 *
 * <p>After a lost connection the listener reconnects and calls subscribers with {@link #RESYNC} (-1): notifications
 * sent while it was away are gone, so a subscriber should re-read events after the last seq it saw
 * ({@code Store.eventsAfter}). The notification is only a wake-up; the {@code events} table stays the truth.
 */
public final class PgEventNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PgEventNotifier.class);
    public static final String CHANNEL = "compute_events";
    /** Passed to subscribers after a reconnect: re-read from your last seq. */
    public static final long RESYNC = -1;
    private static final int POLL_MILLIS = 500;

    private final PgConnector connector;
    private final Duration reconnectEvery;
    private final List<Consumer<Long>> subscribers = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean listening;

    public PgEventNotifier(PgConnector connector, Duration reconnectEvery) {
        this.connector = connector;
        this.reconnectEvery = reconnectEvery;
        this.thread = Thread.ofPlatform().daemon().name("event-listener").unstarted(this::loop);
    }

    public PgEventNotifier subscribe(Consumer<Long> onEvent) {
        subscribers.add(onEvent);
        return this;
    }

    public PgEventNotifier start() {
        thread.start();
        return this;
    }

    /** True once LISTEN is in place (tests wait for it before committing events). */
    public boolean isListening() {
        return listening;
    }

    private void loop() {
        boolean first = true;
        while (running) {
            try (Connection c = connector.open()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                if (!first) publish(RESYNC);
                first = false;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch == null) continue;
                    for (PGNotification n : batch) publish(parse(n.getParameter()));
                }
            } catch (SQLException e) {
                listening = false;
                if (running) log.warn("event listener lost its connection ({}); reconnecting", e.getMessage());
                sleep(reconnectEvery);
            } catch (RuntimeException e) {
                listening = false;
                log.error("unexpected error in the event listener", e);
                sleep(reconnectEvery);
            }
        }
        listening = false;
    }

    private static long parse(String parameter) {
        try {
            return Long.parseLong(parameter.trim());
        } catch (RuntimeException e) {
            return RESYNC; // not ours or garbled: ask subscribers to re-read rather than lose anything
        }
    }

    private void publish(long seq) {
        for (Consumer<Long> s : subscribers) {
            try {
                s.accept(seq);
            } catch (RuntimeException e) {
                log.error("event subscriber failed on seq {}", seq, e);
            }
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
