package io.computeregister.api.specs;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.protocol.specs.MinerSpecs;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbRun;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Specs from the miners' W&amp;B runs, read exactly as the original validator reads them (docs/protocol.md §1.2
 * step 2, §1.5, §9.10): in the configured project ({@code neuralinternet/opencompute} by default), the runs matching
 * {@code {"$and": [{"config.role": "miner"}, {"config.config.netuid": N}, {"state": "running"}]}}, newest first;
 * for each hotkey of the given neurons, the newest run that is signed by that hotkey
 * ({@code config.signature} over the run id, {@link RunSignature}) and carries specs.
 *
 * <p>A run that is not signed, is signed by someone else, or whose {@code config.specs} is not specs (not a JSON
 * object, or one whose sections have the wrong types) is ignored and counted in
 * {@value #REJECTED}{@code {reason="unsigned"|"bad_signature"|"malformed_specs"}}. A run whose specs are absent,
 * null or {@code {}} has no specs yet: not reported, not counted (the original skips them the same way). Runs of
 * hotkeys that are not in the metagraph are not looked at.
 *
 * <p>Never throws: when W&amp;B cannot be read (unreachable, a refused key, an error or a page that is not JSON, a
 * timeout) the round logs one WARN line naming W&amp;B and the reason and reports nothing, so the other sources keep
 * working; the next round tries again.
 */
public final class WandbMinerSpecs implements SpecsSource {

    public static final String NAME = "wandb";
    public static final String REJECTED = "compute_wandb_miner_runs_rejected_total";
    static final String UNSIGNED = "unsigned";
    static final String BAD_SIGNATURE = "bad_signature";
    static final String MALFORMED_SPECS = "malformed_specs";

    private static final Logger log = LoggerFactory.getLogger(WandbMinerSpecs.class);

    private final WandbClient client;
    private final Clock clock;
    private final Map<String, Counter> rejected = new LinkedHashMap<>();

    /** @param registry where the rejection counter lives (the API's registry, served at /metrics) */
    public WandbMinerSpecs(WandbClient client, MeterRegistry registry, Clock clock) {
        this.client = client;
        this.clock = clock;
        // registered up front, so that /metrics shows 0 rather than nothing before the first rejection
        for (String reason : List.of(UNSIGNED, BAD_SIGNATURE, MALFORMED_SPECS)) {
            rejected.put(reason, Counter.builder(REJECTED).tag("reason", reason)
                    .description("W&B miner runs ignored by the specs source, by reason").register(registry));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SpecsReport> read(List<Metagraph.Neuron> neurons) {
        Set<String> wanted = new HashSet<>();
        for (Metagraph.Neuron n : neurons) wanted.add(n.hotkey());
        List<WandbRun> runs;
        try {
            runs = client.runs(minerRunsFilter());
        } catch (RuntimeException e) {
            // WandbException carries the operation, the address and the reason, never the key
            log.warn("specs source wandb: cannot read the miner runs of {}: {}; no specs from W&B this round",
                    client.config().path(), e.getMessage());
            return Map.of();
        }
        Instant now = clock.instant();
        Map<String, SpecsReport> reports = new LinkedHashMap<>();
        for (WandbRun run : runs) {
            String hotkey = run.hotkey();
            // newest first: once a hotkey has a report, its older runs do not matter
            if (hotkey == null || !wanted.contains(hotkey) || reports.containsKey(hotkey)) continue;
            String problem = problem(run, hotkey);
            if (problem != null) {
                rejected.get(problem).increment();
                log.debug("specs source wandb: run {} of {} ignored: {}", run.id(), hotkey, problem);
                continue;
            }
            JsonNode specs = run.config().path("specs");
            if (!specs.isObject() || specs.isEmpty()) continue; // no specs yet
            Instant seen = run.lastSeen();
            reports.put(hotkey, new SpecsReport(hotkey, specs.toString(), NAME, seen == null ? now : seen));
        }
        log.debug("specs source wandb: {} of {} neurons have specs in {} runs", reports.size(), wanted.size(),
                runs.size());
        return reports;
    }

    /** Why the original validator would not take this run's specs; null when it would (or when there are none). */
    private static String problem(WandbRun run, String hotkey) {
        JsonNode signature = run.config().path("signature");
        if (!signature.isTextual() || signature.asText().isBlank()) return UNSIGNED;
        if (!RunSignature.verify(hotkey, run.id(), signature.asText())) return BAD_SIGNATURE;
        JsonNode specs = run.config().path("specs");
        if (specs.isMissingNode() || specs.isNull()) return null;
        if (!specs.isObject()) return MALFORMED_SPECS;
        try {
            MinerSpecs.fromJson(specs.toString());
            return null;
        } catch (IllegalArgumentException e) {
            return MALFORMED_SPECS;
        }
    }

    private Map<String, Object> minerRunsFilter() {
        // the original validator's filter, key for key (docs/protocol.md §1.5)
        return Map.of("$and", List.of(Map.of("config.role", "miner"),
                Map.of("config.config.netuid", client.config().netuid()), Map.of("state", "running")));
    }

    @Override
    public String toString() {
        return "WandbMinerSpecs[" + client.config() + "]";
    }
}
