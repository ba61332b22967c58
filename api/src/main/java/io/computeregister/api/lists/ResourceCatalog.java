package io.computeregister.api.lists;

import io.computeregister.api.http.Json;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.placement.MinerSnapshot;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * The miners the lists serve, parsed from the store once per {@link MinerIndex} snapshot: every change to miners
 * (metagraph sync, specs, health, block) refreshes the index, and the next list request reloads from the store. So a
 * list request never parses JSON and never reads the miners table while nothing changed. Which miners are held is
 * read live from the index.
 */
public final class ResourceCatalog {

    private final Store store;
    private final MinerIndex index;
    private volatile Loaded loaded = new Loaded(null, List.of());

    private record Loaded(MinerSnapshot source, List<MinerFacts> miners) {}

    public ResourceCatalog(Store store, MinerIndex index) {
        this.store = store;
        this.index = index;
    }

    List<MinerFacts> miners() {
        MinerSnapshot current = index.snapshot();
        Loaded l = loaded;
        if (l.source() == current) return l.miners();
        synchronized (this) {
            if (loaded.source() == current) return loaded.miners();
            List<MinerFacts> facts = new ArrayList<>();
            for (MinerRecord m : store.listMiners()) facts.add(MinerFacts.of(m, parse(m.specsJson())));
            loaded = new Loaded(current, List.copyOf(facts));
            return loaded.miners();
        }
    }

    boolean reserved(String hotkey) {
        return index.isHeld(hotkey);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            return null; // MinerIndex already logs unparseable specs once per refresh
        }
    }
}
