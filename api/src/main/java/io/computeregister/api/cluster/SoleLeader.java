package io.computeregister.api.cluster;

/** SQLite: one process owns the database file, so it is always the leader. */
public final class SoleLeader implements Leadership {

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public void onElected(Runnable listener) {
        // Already leader from the start: the jobs' first runs are scheduled at once anyway.
    }

    @Override
    public void close() {}
}
