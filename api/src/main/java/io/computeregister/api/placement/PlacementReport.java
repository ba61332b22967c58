package io.computeregister.api.placement;

import java.util.List;
import java.util.Map;

/**
 * The explanation of one decision, as data (what {@code dry_run} returns and what a failed allocation summarises):
 * how many miners were looked at, how many were filtered and why, and the best candidates with each ranker's score.
 */
public record PlacementReport(
        int evaluated,
        int feasible,
        int filtered,
        Map<String, Integer> filteredByReason,
        List<ScoredMiner> top,
        long elapsedMicros,
        String summary) {

    /**
     * A ranked candidate: total weighted score and the per-ranker scores behind it, and where the specs it was
     * judged on came from ({@code specs_source}: "specs", "wandb" or "validator-db") and when they were reported
     * ({@code specs_reported_at}, ISO-8601 UTC, null if unknown).
     */
    public record ScoredMiner(String hotkey, Integer uid, double score, Map<String, Double> scores,
                              String specsSource, String specsReportedAt) {}
}
