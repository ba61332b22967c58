package io.computeregister.api.miners;

import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.specs.SpecsReport;
import io.computeregister.api.specs.SpecsSynapse;
import io.computeregister.api.specs.SpecsSource;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.Store;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's miners in step with the chain: each round reloads the metagraph, upserts every neuron (hotkey,
 * uid, ip, port), asks the {@link SpecsSource} for the serving ones' hardware, stores the specs JSON it returns and
 * marks those miners online; a miner the source has no specs for, one that does not serve, or one that left the
 * metagraph is marked down (placement skips it). The placement index reloads at the end.
 *
 * <pre>
 *   round: MetagraphRefresher.refreshNow → upsert neurons → SpecsSource.read(serving neurons) →
 *          store specs / health → MinerIndex.refresh
 * </pre>
 *
 * <p>A miner whose specs came from anywhere but its own {@code Specs} answer (an original Python miner's W&amp;B run or
 * a validator's database: published, possibly long ago) is online only if it answers the original's probe,
 * {@code Allocate(checking=true, timeline=1)} (docs/protocol.md §3.2): {@code status} true or false (free or busy)
 * is online, no answer is down. All such probes run at once under one deadline.
 */
public final class MinerDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MinerDiscovery.class);
    static final String THREAD_NAME = "miner-discovery";

    private final MetagraphRefresher metagraph;
    private final Store store;
    private final MinerIndex index;
    private final SpecsSource specs;
    private final MinerClient liveness;
    private final Duration probeTimeout;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    /**
     * @param specs    where the serving miners' specs come from; a round takes about as long as it does
     * @param liveness probes the miners whose specs did not come from their own {@code Specs} answer
     */
    public MinerDiscovery(MetagraphRefresher metagraph, Store store, MinerIndex index, SpecsSource specs,
                          MinerClient liveness, Duration probeTimeout, Clock clock) {
        this.metagraph = metagraph;
        this.store = store;
        this.index = index;
        this.specs = specs;
        this.liveness = liveness;
        this.probeTimeout = probeTimeout;
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
        int down = 0;
        for (Metagraph.Neuron n : m.neurons()) {
            MinerRecord before = known.remove(n.hotkey());
            MinerRecord addressed = addressed(before, n);
            if (n.isServing() && n.port() > 0) {
                serving.add(n);
                if (before == null) store.upsertMiner(addressed); // visible while its specs are being read
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

        Map<String, SpecsReport> reports = specs.read(serving); // never throws; bounded by the source
        Map<String, MinerClient.ProbeResult> published = probePublished(serving, reports);
        int online = 0;
        for (Metagraph.Neuron n : serving) {
            MinerRecord base = addressed(store.findMiner(n.hotkey()).orElse(null), n);
            SpecsReport report = reports.get(n.hotkey());
            boolean answers = report != null && (SpecsSynapse.NAME.equals(report.source())
                    || published.get(n.hotkey()) instanceof MinerClient.ProbeResult.Available
                    || published.get(n.hotkey()) instanceof MinerClient.ProbeResult.Busy);
            if (answers) {
                MinerRecord reported = base.withSpecs(report.specsJson(), report.reportedAt(), report.source());
                store.upsertMiner(reported.withHealth(Health.ONLINE, now));
                online++;
            } else {
                store.upsertMiner(base.withHealth(Health.DOWN, base.lastSeen()));
                down++;
            }
        }
        index.refresh();
        return new Round(loaded, m.n(), online, down);
    }

    /** The original's liveness probe, at once, for the miners whose specs were published rather than answered. */
    private Map<String, MinerClient.ProbeResult> probePublished(List<Metagraph.Neuron> serving,
                                                                Map<String, SpecsReport> reports) {
        List<MinerAddress> published = new ArrayList<>();
        for (Metagraph.Neuron n : serving) {
            SpecsReport r = reports.get(n.hotkey());
            if (r != null && !SpecsSynapse.NAME.equals(r.source())) {
                published.add(new MinerAddress(n.hotkey(), n.ip(), n.port()));
            }
        }
        return published.isEmpty() ? Map.of() : liveness.probeAll(published, 1, probeTimeout);
    }

    /** The stored record with the metagraph's uid and address (specs, health and block flag kept). */
    private static MinerRecord addressed(MinerRecord before, Metagraph.Neuron n) {
        if (before == null) return MinerRecord.seen(n.hotkey(), n.uid(), n.ip(), n.port());
        return new MinerRecord(n.hotkey(), n.uid(), n.ip(), n.port(), before.specsJson(), before.specsUpdatedAt(),
                before.specsSource(), before.health(), before.lastSeen(), before.blocked(), before.blockedReason());
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) scheduler.shutdownNow();
    }
}
