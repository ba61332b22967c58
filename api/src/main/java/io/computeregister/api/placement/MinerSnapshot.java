package io.computeregister.api.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable view of all miners at one moment; decisions read it without locks. */
public final class MinerSnapshot {

    private final List<MinerView> miners;
    private final Map<String, MinerView> byHotkey;

    public MinerSnapshot(List<MinerView> miners) {
        this.miners = List.copyOf(miners);
        Map<String, MinerView> map = new HashMap<>(miners.size() * 2);
        for (MinerView m : miners) map.put(m.hotkey(), m);
        this.byHotkey = Map.copyOf(map);
    }

    public List<MinerView> miners() {
        return miners;
    }

    public MinerView find(String hotkey) {
        return byHotkey.get(hotkey);
    }

    public int size() {
        return miners.size();
    }
}
