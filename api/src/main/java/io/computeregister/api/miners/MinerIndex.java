package io.computeregister.api.miners;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.Hardware;
import io.computeregister.api.placement.MinerSnapshot;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.MinerUsage;
import io.computeregister.api.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory resource index placement runs on. {@link #refresh()} reloads miners from the store (call it after any
 * miner change: metagraph sync, specs, health, block); spec JSON is parsed here once, not per decision. The held set
 * is kept current by the allocation path and re-read from the store on refresh.
 *
 * <p>A refresh reads the miners only when the store's {@link Store#minersVersion()} moved since the last load: the
 * periodic refresh (every replica, every few seconds) would otherwise read and parse every miner each time, holding
 * a database connection for a time that grows with the fleet.
 *
 * <p>What the reservations take of each miner ({@link MinerUsage}) is re-read from the store on refresh and, for one
 * miner, whenever the allocation path takes or frees a share of it ({@link #markHeld}, {@link #markFree}). A load streams the rows (a large fleet is never held
 * whole, with its parsed reports, in memory) and hands each, with its parsed spec report, to the {@link #onLoad
 * listeners} (the lists' catalog), so no one reads or parses the miners a second time.
 */
public final class MinerIndex implements Held {

    private static final Logger log = LoggerFactory.getLogger(MinerIndex.class);
    private static final long NEVER_LOADED = -1;

    private final Store store;
    private volatile MinerSnapshot snapshot = new MinerSnapshot(List.of());
    private final Map<String, MinerUsage> used = new ConcurrentHashMap<>();
    private final List<Supplier<Load>> listeners = new CopyOnWriteArrayList<>();
    private long loadedVersion = NEVER_LOADED;
    /** Open once a refresh completed: readers of a server still loading its miners wait instead of seeing none. */
    private final CountDownLatch loaded = new CountDownLatch(1);

    /** One load of the miners as it happens, on the refreshing thread. */
    public interface Load {
        /** A miner row, in store order, with its spec report parsed (null when it has none or it is not JSON). */
        void miner(MinerRecord record, JsonNode specs);

        /** Every miner was handed over; the index's new snapshot is in place. */
        void end();
    }

    public MinerIndex(Store store) {
        this.store = store;
    }

    /** {@code newLoad} is asked for a {@link Load} at every load; the next refresh loads for a new listener. */
    public synchronized void onLoad(Supplier<Load> newLoad) {
        listeners.add(newLoad);
        loadedVersion = NEVER_LOADED;
    }

    /**
     * The server's first load, on a thread of its own, so the server answers while a large fleet loads (100,000 miners
     * took seconds); until it is done, {@link #snapshot()} and {@link #isHeld} wait for it. A failed load is logged
     * and opens the wait anyway: the periodic refresh tries again, as after any failed refresh.
     */
    public void loadInBackground() {
        // A platform thread: refresh() holds this object's monitor during the load, which on JDK 21 would pin one of
        // the few carrier threads of the virtual threads serving requests.
        Thread.ofPlatform().daemon().name("miner-index-load").start(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.error("loading the miners failed; the next refresh tries again", e);
            } finally {
                loaded.countDown();
            }
        });
    }

    /** Returns once the miners were loaded (at start-up: the background load); at once after that. */
    public void awaitLoad() {
        if (loaded.getCount() == 0) return;
        try {
            loaded.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public synchronized void refresh() {
        // Read before the rows: a write racing the load moves it again, so the next refresh loads once more.
        long version = store.minersVersion();
        if (version != loadedVersion) {
            List<Load> loads = new ArrayList<>();
            for (Supplier<Load> listener : listeners) loads.add(listener.get());
            List<IndexedMiner> miners = new ArrayList<>();
            store.forEachMiner(m -> {
                JsonNode specs = parseSpecs(m);
                miners.add(indexed(m, specs));
                for (Load load : loads) load.miner(m, specs);
            });
            snapshot = new MinerSnapshot(miners);
            loadedVersion = version;
            for (Load load : loads) load.end();
        }
        Map<String, MinerUsage> fromStore = store.minerUsage();
        used.keySet().retainAll(fromStore.keySet());
        used.putAll(fromStore);
        loaded.countDown();
    }

    /**
     * A miner's offer counts only when the miner answered its specs itself (our miner): a published report (a W&amp;B
     * run, a validator's database) is an original miner's, rented whole whatever it claims (docs/protocol.md §3.3:
     * its every allocate destroys the container it runs).
     */
    static IndexedMiner indexed(MinerRecord m, JsonNode specs) {
        Hardware hardware = specs == null ? null : Hardware.fromSpecs(specs);
        if (hardware != null && hardware.offer() != null && m.specsPublished()) hardware = hardware.withoutOffer();
        return new IndexedMiner(m.hotkey(), m.uid(), m.ip(), m.port(), m.health(), m.blocked(), m.blockedReason(),
                hardware, m.specsSource(), m.specsUpdatedAt());
    }

    private static JsonNode parseSpecs(MinerRecord m) {
        if (m.specsJson() == null || m.specsJson().isBlank()) return null;
        try {
            return Json.MAPPER.readTree(m.specsJson());
        } catch (Exception e) {
            log.warn("miner {}: specs are not valid JSON; treated as no specs", m.hotkey());
            return null;
        }
    }

    public MinerSnapshot snapshot() {
        awaitLoad();
        return snapshot;
    }

    @Override
    public MinerUsage usage(String hotkey) {
        awaitLoad();
        return used.getOrDefault(hotkey, MinerUsage.NONE);
    }

    /** A share of the miner was just taken (or another request was found holding it): re-read what it holds. */
    public void markHeld(String hotkey) {
        reloadUsage(hotkey);
    }

    /** A share of the miner was just freed: re-read what it holds. */
    public void markFree(String hotkey) {
        reloadUsage(hotkey);
    }

    private void reloadUsage(String hotkey) {
        MinerUsage now = store.minerUsage(hotkey);
        if (now.held()) used.put(hotkey, now);
        else used.remove(hotkey);
    }
}
