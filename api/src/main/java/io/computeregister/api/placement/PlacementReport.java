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

    /** A ranked candidate: total weighted score and the per-ranker scores behind it. */
    public record ScoredMiner(String hotkey, Integer uid, double score, Map<String, Double> scores) {}
}
