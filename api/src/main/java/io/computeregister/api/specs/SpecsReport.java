package io.computeregister.api.specs;

/**
 * One miner's specs as a source reported them: the docs/protocol.md §9.10 JSON object text, which source, and when it
 * was reported (the W&B run's update time / the DB row's time if known, else when we read it).
 */
public record SpecsReport(String hotkey, String specsJson, String source, java.time.Instant reportedAt) {}
