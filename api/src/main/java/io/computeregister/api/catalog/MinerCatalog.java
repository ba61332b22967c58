package io.computeregister.api.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.MinerUsage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The miners the lists serve. It follows the placement index: whenever the index loads the miners (it reloads only
 * when the store's miners changed), the catalog is rebuilt from the same rows and parsed spec reports as they stream
 * by, on the thread that loads them, and replaces the previous one in one write. So a list request never scans the
 * miners table, parses the fleet's JSON or waits for a rebuild, whatever the fleet's size: it reads the current
 * {@link Snapshot}. Which miners are held changes between loads and is read live from the index, only for the items
 * an answer shows. The catalog keeps what the lists show of a miner, not its spec report (at about 1 KB a miner, the
 * largest part): the two lists that print reports read those of their page's miners from the store.
 */
public final class MinerCatalog {

    private final MinerIndex index;
    private volatile Snapshot current = Snapshot.of(List.of());

    /** Must exist before the index's first load (the catalog is filled by loads only). */
    public MinerCatalog(MinerIndex index) {
        this.index = index;
        index.onLoad(() -> new MinerIndex.Load() {
            private final List<ListedMiner> miners = new ArrayList<>();

            @Override
            public void miner(MinerRecord record, JsonNode specs) {
                miners.add(ListedMiner.of(record, specs));
            }

            @Override
            public void end() {
                current = Snapshot.of(miners);
            }
        });
    }

    /** The current snapshot; while the server's first load runs, waits for it. */
    Snapshot current() {
        index.awaitLoad();
        return current;
    }

    boolean held(String hotkey) {
        return index.isHeld(hotkey);
    }

    /** What the reservations on the miner take now. */
    MinerUsage usage(String hotkey) {
        return index.usage(hotkey);
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
                listable.add(new Listing(m));
                gpus += m.figures().gpuCount();
                byModel.computeIfAbsent(m.figures().gpuName(), k -> new ArrayList<>()).add(m);
            }
            // Wrapped, not copied: nothing else holds these, and copying 100,000 entries costs start-up time.
            return new Snapshot(Collections.unmodifiableList(miners), Collections.unmodifiableList(listable),
                    Collections.unmodifiableList(running), Collections.unmodifiableMap(runningPosition),
                    Collections.unmodifiableMap(byHotkey), gpus, Collections.unmodifiableMap(byModel));
        }
    }
}
