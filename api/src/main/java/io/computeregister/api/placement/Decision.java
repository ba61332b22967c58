package io.computeregister.api.placement;

import java.util.List;

/**
 * The outcome of one placement: candidates best first (at most top-K), the report, and for a hotkey-pinned request
 * the pinned miner's own verdict (null otherwise), so the caller can answer "blocked" or "busy" precisely.
 */
public record Decision(List<IndexedMiner> candidates, PlacementReport report, Verdict pinnedVerdict) {}
