package io.computeregister.api.cluster;

import io.computeregister.api.store.Database;
import java.time.Duration;
import java.util.Optional;

/**
 * How this process takes part in a cluster: on PostgreSQL an advisory-lock leader election and a LISTEN/NOTIFY event
 * notifier, each on its own connection; on SQLite the one process is leader and there is nobody to notify.
 */
public final class Cluster implements AutoCloseable {

    private final Leadership leadership;
    private final PgEventNotifier notifier;

    private Cluster(Leadership leadership, PgEventNotifier notifier) {
        this.leadership = leadership;
        this.notifier = notifier;
    }

    /** Starts campaigning (PostgreSQL) at once; {@code password} is used for the dedicated connections only. */
    public static Cluster join(Database.Dialect dialect, String jdbcUrl, String user, String password,
                               Duration leaderCheck) {
        if (dialect == Database.Dialect.SQLITE) return new Cluster(new SoleLeader(), null);
        PgConnector connector = new PgConnector(jdbcUrl, user, password);
        PgAdvisoryLeader leader = new PgAdvisoryLeader(connector, leaderCheck).start();
        PgEventNotifier notifier = new PgEventNotifier(connector, leaderCheck).start();
        return new Cluster(leader, notifier);
    }

    public Leadership leadership() {
        return leadership;
    }

    /**
     * Present on PostgreSQL: subscribe a {@code Consumer<Long>} to hear of every event any replica commits (e.g. a
     * WebSocket hub pushing {@code Store.eventsAfter(lastSeq)} to its clients).
     */
    public Optional<PgEventNotifier> events() {
        return Optional.ofNullable(notifier);
    }

    @Override
    public void close() {
        if (notifier != null) notifier.close();
        leadership.close();
    }
}
