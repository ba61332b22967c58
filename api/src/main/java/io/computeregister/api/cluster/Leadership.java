package io.computeregister.api.cluster;

/**
 * Whether this process may run the background jobs now. Exactly one replica is leader at a time on PostgreSQL
 * ({@link PgAdvisoryLeader}); with SQLite the one process always is ({@link SoleLeader}).
 */
public interface Leadership extends AutoCloseable {

    boolean isLeader();

    /** Called (on the election thread) each time this process becomes leader; jobs use it to run at once. */
    void onElected(Runnable listener);

    @Override
    void close();
}
