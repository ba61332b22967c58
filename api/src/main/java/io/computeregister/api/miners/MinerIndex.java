package io.computeregister.api.miners;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.MinerCapacity;
import io.computeregister.api.placement.MinerSnapshot;
import io.computeregister.api.placement.MinerView;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory resource index placement runs on. {@link #refresh()} reloads miners from the store (call it after any
 * miner change: metagraph sync, specs, health, block); spec JSON is parsed here once, not per decision. The held set
 * is kept current by the allocation path and re-read from the store on refresh.
 *
 * <p>A refresh reads the miners only when the store's {@link Store#minersVersion()} moved since the last load: the
 * periodic refresh (every replica, every few seconds) would otherwise read and parse every miner each time, holding
 * a database connection for a time that grows with the fleet. Each load is handed, with the parsed spec reports, to
 * the {@link #onLoad listeners} (the lists' catalog), so no one reads or parses the miners a second time.
 */
public final class MinerIndex implements Held {

    private static final Logger log = LoggerFactory.getLogger(MinerIndex.class);
    private static final long NEVER_LOADED = -1;

    private final Store store;
    private volatile MinerSnapshot snapshot = new MinerSnapshot(List.of());
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final List<Consumer<List<LoadedMiner>>> listeners = new CopyOnWriteArrayList<>();
    private long loadedVersion = NEVER_LOADED;

    /** A miner row as loaded, with its spec report parsed (null when it has none or it is not JSON). */
    public record LoadedMiner(MinerRecord record, JsonNode specs) {}

    public MinerIndex(Store store) {
        this.store = store;
    }

    /** Called with every load of the miners, on the refreshing thread; the next refresh loads for a new listener. */
    public synchronized void onLoad(Consumer<List<LoadedMiner>> listener) {
        listeners.add(listener);
        loadedVersion = NEVER_LOADED;
    }

    public synchronized void refresh() {
        long version = store.minersVersion(); // read first: a write racing the load moves it, and the next refresh loads
        if (version != loadedVersion) {
            List<LoadedMiner> loaded = new ArrayList<>();
            List<MinerView> views = new ArrayList<>();
            for (MinerRecord m : store.listMiners()) {
                LoadedMiner l = new LoadedMiner(m, parseSpecs(m));
                loaded.add(l);
                views.add(view(l));
            }
            snapshot = new MinerSnapshot(views);
            loadedVersion = version;
            List<LoadedMiner> all = List.copyOf(loaded);
            for (Consumer<List<LoadedMiner>> listener : listeners) listener.accept(all);
        }
        Set<String> fromStore = store.heldMiners();
        held.retainAll(fromStore);
        held.addAll(fromStore);
    }

    static MinerView view(LoadedMiner l) {
        MinerRecord m = l.record();
        return new MinerView(m.hotkey(), m.uid(), m.ip(), m.port(), m.health(), m.blocked(), m.blockedReason(),
                l.specs() == null ? null : MinerCapacity.fromSpecs(l.specs()));
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
        return snapshot;
    }

    @Override
    public boolean isHeld(String hotkey) {
        return held.contains(hotkey);
    }

    public void markHeld(String hotkey) {
        held.add(hotkey);
    }

    public void markFree(String hotkey) {
        held.remove(hotkey);
    }
}
