package io.computeregister.api.miners;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import io.computeregister.api.placement.Held;
import io.computeregister.api.placement.Hardware;
import io.computeregister.api.placement.MinerSnapshot;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory resource index placement runs on. {@link #refresh()} reloads miners from the store (call it after any
 * miner change: metagraph sync, specs, health, block); spec JSON is parsed here once, not per decision. The held set
 * is kept current by the allocation path and re-read from the store on refresh.
 */
public final class MinerIndex implements Held {

    private static final Logger log = LoggerFactory.getLogger(MinerIndex.class);

    private final Store store;
    private volatile MinerSnapshot snapshot = new MinerSnapshot(List.of());
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public MinerIndex(Store store) {
        this.store = store;
    }

    public synchronized void refresh() {
        List<IndexedMiner> miners = new ArrayList<>();
        for (MinerRecord m : store.listMiners()) miners.add(indexed(m));
        snapshot = new MinerSnapshot(miners);
        Set<String> fromStore = store.heldMiners();
        held.retainAll(fromStore);
        held.addAll(fromStore);
    }

    static IndexedMiner indexed(MinerRecord m) {
        return new IndexedMiner(m.hotkey(), m.uid(), m.ip(), m.port(), m.health(), m.blocked(), m.blockedReason(),
                hardware(m));
    }

    private static Hardware hardware(MinerRecord m) {
        if (m.specsJson() == null || m.specsJson().isBlank()) return null;
        try {
            JsonNode node = Json.MAPPER.readTree(m.specsJson());
            return Hardware.fromSpecs(node);
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
