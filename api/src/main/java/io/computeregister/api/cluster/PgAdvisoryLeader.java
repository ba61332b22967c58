package io.computeregister.api.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among API replicas sharing one PostgreSQL database: {@code pg_try_advisory_lock(KEY)} on a
 * dedicated connection. PostgreSQL holds a session-level advisory lock until that session ends, so
 *
 * <ul>
 *   <li>a leader that dies (process killed, connection dropped) releases the lock with its session, and another
 *       replica's next attempt, at most {@code checkEvery} later, takes it: failover well inside 15 s with the
 *       default 2 s;</li>
 *   <li>a leader that can no longer reach its connection (a check query fails) considers itself deposed at once and
 *       closes the connection, so it never runs jobs on a lock it may have lost.</li>
 * </ul>
 *
 * One daemon thread does all of this; {@link #isLeader()} is a volatile read. If the leader's session is killed while
 * its process lives, it notices at its next check (at most {@code checkEvery}); for that moment two replicas may both
 * run jobs, which every job tolerates: their writes are conditional transactions (an allocation ends once) and webhook
 * deliveries are at-least-once with an event id.
 */
public final class PgAdvisoryLeader implements Leadership {

    private static final Logger log = LoggerFactory.getLogger(PgAdvisoryLeader.class);
    /** The advisory lock key: the first 8 bytes of "compute-register jobs leader" read as a number. */
    static final long LOCK_KEY = 0x636f6d7075746572L;

    private final PgConnector connector;
    private final Duration checkEvery;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean leader;
    private Connection connection; // only touched by the election thread (and close, after it has stopped)

    public PgAdvisoryLeader(PgConnector connector, Duration checkEvery) {
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("leader check period must be positive, got " + checkEvery);
        }
        this.connector = connector;
        this.checkEvery = checkEvery;
        this.thread = Thread.ofPlatform().daemon().name("leader-election").unstarted(this::loop);
    }

    /** Starts campaigning; the first attempt happens at once. */
    public PgAdvisoryLeader start() {
        thread.start();
        return this;
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    /**
     * Registers a listener; if this replica is already leader it runs at once (on the caller's thread), so a listener
     * registered just as the election is won is called exactly once, never missed: both sides decide under one lock.
     */
    @Override
    public void onElected(Runnable listener) {
        boolean already;
        synchronized (listeners) {
            listeners.add(listener);
            already = leader;
        }
        if (already) notify(List.of(listener));
    }

    private void loop() {
        try {
            do {
                try {
                    step();
                } catch (SQLException e) {
                    if (leader) log.warn("lost the leader lock's connection ({}); no longer leader", e.getMessage());
                    else log.debug("leader election attempt failed: {}", e.getMessage());
                    leader = false;
                    closeConnection();
                } catch (RuntimeException e) {
                    log.error("unexpected error in leader election", e);
                }
            } while (!stopped.await(checkEvery.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void step() throws SQLException {
        if (connection == null) connection = connector.open();
        if (leader) {
            // A real round trip: isValid() may answer from a half-open socket's buffer on some drivers.
            try (Statement s = connection.createStatement()) {
                s.setQueryTimeout(5);
                s.execute("SELECT 1");
            }
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setQueryTimeout(5);
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) return;
            }
        }
        List<Runnable> toNotify;
        synchronized (listeners) {
            leader = true;
            toNotify = List.copyOf(listeners);
        }
        log.info("this replica is now the leader: background jobs run here");
        notify(toNotify);
    }

    private static void notify(List<Runnable> toNotify) {
        for (Runnable l : toNotify) {
            try {
                l.run();
            } catch (RuntimeException e) {
                log.error("leader listener failed", e);
            }
        }
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the leader connection: {}", e.getMessage());
        }
        connection = null;
    }

    /** Steps down: closing the session releases the lock, so another replica takes over on its next attempt. */
    @Override
    public void close() {
        stopped.countDown();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        leader = false;
        closeConnection();
    }
}
