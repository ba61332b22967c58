package io.computeregister.api.catalog;

import io.computeregister.api.miners.MinerIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The miners the lists serve. It follows the placement index: whenever the index loads the miners (it reloads only
 * when the store's miners changed), the catalog is rebuilt from the same rows and parsed spec reports on the thread
 * that loaded them, and replaces the previous one in one write. So a list request never reads the miners table,
 * parses JSON or waits for a rebuild, whatever the fleet's size: it reads the current {@link Snapshot}. Which miners
 * are held changes between loads and is read live from the index, only for the items an answer shows.
 */
public final class MinerCatalog {

    private final MinerIndex index;
    private volatile Snapshot current = Snapshot.of(List.of());

    /** Must exist before the index's first load (the catalog is filled by loads only). */
    public MinerCatalog(MinerIndex index) {
        this.index = index;
        index.onLoad(loaded -> {
            List<ListedMiner> miners = new ArrayList<>(loaded.size());
            for (MinerIndex.LoadedMiner m : loaded) miners.add(ListedMiner.of(m.record(), m.specs()));
            current = Snapshot.of(miners);
        });
    }

    Snapshot current() {
        return current;
    }

    boolean held(String hotkey) {
        return index.isHeld(hotkey);
    }

    /**
     * One load of the miners, in store order, with what each list walks precomputed.
     *
     * @param miners          every miner row (allocated_hotkeys; the W&amp;B-backed resources match runs to them)
     * @param listable        running miners with specs (the resource lists, specs, available, count_all_by_model)
     * @param running         running miners (all_runs, run_by_name)
     * @param runningPosition 1-based position of each running miner in {@code running}
     * @param byHotkey        every miner by hotkey
     * @param gpus            GPUs over {@code listable} (count_all_gpus)
     * @param byModel         {@code listable} by first GPU name, lowercased
     */
    record Snapshot(List<ListedMiner> miners, List<Listing> listable, List<ListedMiner> running,
                    Map<String, Integer> runningPosition, Map<String, ListedMiner> byHotkey, int gpus,
                    Map<String, List<ListedMiner>> byModel) {

        static Snapshot of(List<ListedMiner> miners) {
            List<Listing> listable = new ArrayList<>();
            List<ListedMiner> running = new ArrayList<>();
            Map<String, Integer> runningPosition = new HashMap<>();
            Map<String, ListedMiner> byHotkey = new HashMap<>();
            Map<String, List<ListedMiner>> byModel = new HashMap<>();
            int gpus = 0;
            for (ListedMiner m : miners) {
                byHotkey.put(m.hotkey(), m);
                if (!m.running()) continue;
                running.add(m);
                runningPosition.put(m.hotkey(), running.size());
                if (!m.hasSpecs()) continue;
                listable.add(Listing.of(m));
                gpus += m.figures().gpuCount();
                byModel.computeIfAbsent(m.figures().gpuName(), k -> new ArrayList<>()).add(m);
            }
            return new Snapshot(List.copyOf(miners), List.copyOf(listable), List.copyOf(running),
                    Map.copyOf(runningPosition), Map.copyOf(byHotkey), gpus, Map.copyOf(byModel));
        }
    }
}
