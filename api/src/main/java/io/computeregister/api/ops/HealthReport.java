package io.computeregister.api.ops;

/**
 * {@code GET /health}. {@code metagraphAgeSeconds} is the time since any miner row last changed (a metagraph or specs
 * sync), null with no miners. {@code leader}: this process runs the background jobs; with no leader election yet
 * (one API process per store) it is always true.
 */
public record HealthReport(String status, String store, Long metagraphAgeSeconds, boolean leader, Miners miners) {

    public record Miners(int up, int down, int unknown) {}
}
