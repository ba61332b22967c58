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
    private volatile Loaded loaded = new Loaded(null, List.of(), List.of(), List.of());

    /**
     * A miner the resource lists show (running, with specs), with its item in both states, built once per snapshot
     * so a list request only filters and picks; whether it is held is read live per request.
     */
    record Listing(String hotkey, Resource available, Resource reserved) {}

    private record Loaded(MinerSnapshot source, List<ListedMiner> miners, List<Listing> sql, List<Listing> wandb) {}

    public ResourceCatalog(Store store, MinerIndex index) {
        this.store = store;
        this.index = index;
    }

    List<ListedMiner> miners() {
        return current().miners();
    }

    /** The running miners with specs, in store order: resources_sql's items ({@code totalRam} false) or _wandb's. */
    List<Listing> listable(boolean totalRam) {
        Loaded l = current();
        return totalRam ? l.wandb() : l.sql();
    }

    private Loaded current() {
        MinerSnapshot current = index.snapshot();
        Loaded l = loaded;
        if (l.source() == current) return l;
        synchronized (this) {
            if (loaded.source() == current) return loaded;
            List<ListedMiner> facts = new ArrayList<>();
            List<Listing> sql = new ArrayList<>();
            List<Listing> wandb = new ArrayList<>();
            for (MinerRecord m : store.listMiners()) {
                ListedMiner f = ListedMiner.of(m, parse(m.specsJson()));
                facts.add(f);
                if (!f.running() || !f.hasSpecs()) continue;
                sql.add(new Listing(f.hotkey(), f.resource(false, false), f.resource(true, false)));
                wandb.add(new Listing(f.hotkey(), f.resource(false, true), f.resource(true, true)));
            }
            loaded = new Loaded(current, List.copyOf(facts), List.copyOf(sql), List.copyOf(wandb));
            return loaded;
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
