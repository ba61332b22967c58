package io.computeregister.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.MinerUsage;
import java.time.Instant;

/**
 * A miner as the lists show it, built once per load of the miners (never per request).
 *
 * @param running  the original's "running" read W&amp;B run state; ours is the API's own view: not down, not blocked
 * @param seenAt   when its specs arrived, else when it was last seen (a run's {@code start_at})
 * @param figures  what its spec report says; null when it reported none or the report lacks the CPU, RAM or disk
 *                 figures (the original dropped such miners from every list that shows specs)
 * @param specsSource     where the store's report came from (a SpecsSource name); null for a run's specs
 * @param specsReportedAt when that source reported it; null if unknown
 * @param offered  what our miner rents out (several renters share it) and its images; null for an original miner,
 *                 whose report, published rather than answered, is never taken as an offer
 */
record ListedMiner(String hotkey, Integer uid, boolean running, Instant seenAt, SpecFigures figures,
                   String specsSource, Instant specsReportedAt, Share.Offered offered) {

    static ListedMiner of(MinerRecord m, JsonNode specs) {
        return new ListedMiner(m.hotkey(), m.uid(), m.health() != Health.DOWN && !m.blocked(),
                m.specsUpdatedAt() != null ? m.specsUpdatedAt() : m.lastSeen(), SpecFigures.of(specs),
                m.specsSource(), m.specsUpdatedAt(), m.specsPublished() ? null : Share.Offered.of(specs));
    }

    /** This miner with another spec report (a W&amp;B run's {@code config.specs} instead of the store's). */
    ListedMiner withSpecs(JsonNode otherSpecs) {
        return new ListedMiner(hotkey, uid, running, seenAt, SpecFigures.of(otherSpecs), null, null, null);
    }

    /** Whether resources_sql calls it "reserved": held whole, or (ours) nothing more fits beside its renters. */
    boolean reserved(MinerUsage used) {
        return offered == null ? used.held() : offered.full(used);
    }

    boolean hasSpecs() {
        return figures != null;
    }

    /** The W&amp;B-style run name the original's run_by_name matched ({@code <role>-<hotkey>}). */
    String runName() {
        return "miner-" + hotkey;
    }

    Replies.RunConfig runConfig() {
        return new Replies.RunConfig("miner", hotkey, uid, Replies.RunConfig.NETUID);
    }
}
