package io.computeregister.api.placement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable view of all miners at one moment; decisions read it without locks. */
public final class MinerSnapshot {

    private final List<IndexedMiner> miners;
    private final Map<String, IndexedMiner> byHotkey;
    private final int mostGpus;
    private final java.util.SortedSet<String> images;

    public MinerSnapshot(List<IndexedMiner> miners) {
        this.miners = List.copyOf(miners);
        Map<String, IndexedMiner> map = new HashMap<>(miners.size() * 2);
        for (IndexedMiner m : miners) map.put(m.hotkey(), m);
        this.byHotkey = Map.copyOf(map);
        int most = 0;
        for (IndexedMiner m : miners) {
            Hardware h = m.hardware();
            if (h != null) most = Math.max(most, h.offer() != null ? h.offer().gpus().size() : h.gpuCount());
        }
        this.mostGpus = most;
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (IndexedMiner m : miners) {
            if (m.hardware() != null && m.hardware().offer() != null) names.addAll(m.hardware().offer().images());
        }
        this.images = java.util.Collections.unmodifiableSortedSet(names);
    }

    public List<IndexedMiner> miners() {
        return miners;
    }

    public IndexedMiner find(String hotkey) {
        return byHotkey.get(hotkey);
    }

    /** Every image name some miner's catalog offers, sorted. */
    public java.util.SortedSet<String> images() {
        return images;
    }

    /** The most GPUs any one miner has (rents out, for ours), whether free or not. */
    public int mostGpus() {
        return mostGpus;
    }

    public int size() {
        return miners.size();
    }
}
