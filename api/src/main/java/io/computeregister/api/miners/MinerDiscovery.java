package io.computeregister.api.miners;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.Store;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.protocol.specs.Specs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's miners in step with the chain: each round reloads the metagraph, upserts every neuron (hotkey,
 * uid, ip, port), asks every serving one for its hardware with the {@code Specs} synapse (all at once through the
 * dendrite), stores the {@code MinerSpecs} JSON it returns and marks it online; a miner that does not answer, does
 * not serve, or left the metagraph is marked down (placement skips it). The placement index reloads at the end.
 *
 * <pre>
 *   round: MetagraphRefresher.refreshNow → upsert neurons → Specs to serving axons (concurrent, bounded) →
 *          store specs / health → MinerIndex.refresh
 * </pre>
 *
 * <p>COMPAT: the original learned specs from W&amp;B; a miner that does not answer {@code Specs} (the original Python
 * miner does not attach a handler) is therefore shown as down here.
 */
public final class MinerDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MinerDiscovery.class);
    static final String THREAD_NAME = "miner-discovery";

    private final MetagraphRefresher metagraph;
    private final Store store;
    private final MinerIndex index;
    private final Dendrite dendrite;
    private final Duration specsTimeout;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    /**
     * @param dendrite     a dendrite of its own (the allocation path uses another, so their nonces never race on one
     *                     axon)
     * @param specsTimeout bound on each miner's Specs answer; the round takes about this long at most
     */
    public MinerDiscovery(MetagraphRefresher metagraph, Store store, MinerIndex index, Dendrite dendrite,
                          Duration specsTimeout, Clock clock) {
        this.metagraph = metagraph;
        this.store = store;
        this.index = index;
        this.dendrite = dendrite;
        this.specsTimeout = specsTimeout;
        this.clock = clock;
    }

    /** What one round did (for logs and tests). */
    public record Round(boolean metagraphLoaded, int neurons, int online, int down) {}

    /** Runs a round now and then one every {@code period} after the previous one ended. */
    public synchronized MinerDiscovery start(Duration period) {
        if (scheduler != null) throw new IllegalStateException("miner discovery already started");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("discovery period must be positive, got " + period);
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::runCatchingAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void runCatchingAll() {
        try {
            Round r = runOnce();
            log.info("miner discovery: {} neurons, {} online, {} down{}", r.neurons(), r.online(), r.down(),
                    r.metagraphLoaded() ? "" : " (metagraph not reloaded; kept the last one)");
        } catch (Throwable t) {
            // An exception escaping a scheduled task would silently cancel every later round.
            log.error("unexpected error in miner discovery; next round as scheduled", t);
        }
    }

    /** One round, on the calling thread. */
    public Round runOnce() {
        boolean loaded = metagraph.refreshNow();
        Metagraph m = metagraph.current().orElse(null);
        if (m == null) return new Round(false, 0, 0, 0);

        Instant now = clock.instant();
        Map<String, MinerRecord> known = new HashMap<>();
        for (MinerRecord r : store.listMiners()) known.put(r.hotkey(), r);

        List<Metagraph.Neuron> serving = new ArrayList<>();
        List<CompletableFuture<DendriteResponse<Specs>>> answers = new ArrayList<>();
        int down = 0;
        for (Metagraph.Neuron n : m.neurons()) {
            MinerRecord before = known.remove(n.hotkey());
            MinerRecord addressed = addressed(before, n);
            if (n.isServing() && n.port() > 0) {
                serving.add(n);
                answers.add(dendrite.call(new AxonTarget(n.ip(), n.port(), n.hotkey()), new Specs(), specsTimeout));
                if (before == null) store.upsertMiner(addressed); // visible while its answer is on the way
            } else {
                store.upsertMiner(addressed.withHealth(Health.DOWN, addressed.lastSeen()));
                down++;
            }
        }
        // Deregistered: still in the store (its allocations reference it), but no longer placeable.
        for (MinerRecord gone : known.values()) {
            if (gone.health() != Health.DOWN) store.upsertMiner(gone.withHealth(Health.DOWN, gone.lastSeen()));
            down++;
        }

        int online = 0;
        for (int i = 0; i < serving.size(); i++) {
            Metagraph.Neuron n = serving.get(i);
            DendriteResponse<Specs> reply = answers.get(i).join(); // bounded: the dendrite completes every call
            MinerRecord base = addressed(store.findMiner(n.hotkey()).orElse(null), n);
            String specs = specsOf(n, reply);
            if (specs != null) {
                store.upsertMiner(base.withSpecs(specs, now).withHealth(Health.ONLINE, now));
                online++;
            } else {
                store.upsertMiner(base.withHealth(Health.DOWN, base.lastSeen()));
                down++;
            }
        }
        index.refresh();
        return new Round(loaded, m.n(), online, down);
    }

    /** The stored record with the metagraph's uid and address (specs, health and block flag kept). */
    private static MinerRecord addressed(MinerRecord before, Metagraph.Neuron n) {
        if (before == null) return MinerRecord.seen(n.hotkey(), n.uid(), n.ip(), n.port());
        return new MinerRecord(n.hotkey(), n.uid(), n.ip(), n.port(), before.specsJson(), before.specsUpdatedAt(),
                before.health(), before.lastSeen(), before.blocked(), before.blockedReason());
    }

    /** The reply's specs JSON if it is a usable JSON object, else null (logged at debug: down is the signal). */
    private static String specsOf(Metagraph.Neuron n, DendriteResponse<Specs> reply) {
        if (!reply.isSuccess()) {
            log.debug("miner {} (uid {}) did not answer Specs: {} {}", n.hotkey(), n.uid(), reply.statusCode(),
                    reply.statusMessage());
            return null;
        }
        String text = reply.synapse().specsOutput();
        try {
            JsonNode node = text == null || text.isBlank() ? null : Json.MAPPER.readTree(text);
            if (node != null && node.isObject()) return text;
        } catch (Exception e) {
            // fall through
        }
        log.debug("miner {} (uid {}) answered Specs without a JSON object", n.hotkey(), n.uid());
        return null;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) scheduler.shutdownNow();
    }
}
