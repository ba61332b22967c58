package io.computeregister.api.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable view of all miners at one moment; decisions read it without locks. */
public final class MinerSnapshot {

    private final List<IndexedMiner> miners;
    private final Map<String, IndexedMiner> byHotkey;

    public MinerSnapshot(List<IndexedMiner> miners) {
        this.miners = List.copyOf(miners);
        Map<String, IndexedMiner> map = new HashMap<>(miners.size() * 2);
        for (IndexedMiner m : miners) map.put(m.hotkey(), m);
        this.byHotkey = Map.copyOf(map);
    }

    public List<IndexedMiner> miners() {
        return miners;
    }

    public IndexedMiner find(String hotkey) {
        return byHotkey.get(hotkey);
    }

    public int size() {
        return miners.size();
    }
}
