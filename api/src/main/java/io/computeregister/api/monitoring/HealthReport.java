package io.computeregister.api.monitoring;

/**
 * {@code GET /health}. {@code metagraphAgeSeconds} is the time since any miner row last changed (a metagraph or specs
 * sync), null with no miners. {@code leader}: this process runs the background jobs now (with SQLite the one process
 * always does once started; on PostgreSQL exactly one replica holds the advisory lock).
 */
public record HealthReport(String status, String store, Long metagraphAgeSeconds, boolean leader, Miners miners) {

    public record Miners(int up, int down, int unknown) {}
}
