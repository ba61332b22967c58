package io.computeregister.api.jobs;

import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.Store;
import io.computeregister.api.wandb.WandbSink;
import java.util.List;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the hotkeys of the miners the API holds to W&amp;B after allocation changes (docs/protocol.md §5.4), off
 * the request thread: each run compares the newest event seq with the last one it handled (every allocate,
 * deallocate, expiry and vanish appends an event), and only when it moved and the set of held hotkeys differs from
 * what W&amp;B last accepted does it call {@link WandbSink#publishAllocated}. A failure is logged once (until the next
 * success) and retried at the next change; it never reaches a renter's request.
 *
 * <p>Nothing is written at start: the first write follows the first change this process sees.
 */
public final class AllocatedHotkeysPublisher implements Runnable {

    public static final String NAME = "wandb-publish";
    private static final Logger log = LoggerFactory.getLogger(AllocatedHotkeysPublisher.class);

    private final Store store;
    private final WandbSink sink;
    private final String apiHotkey;
    private long handledSeq;
    /** What W&amp;B last accepted from this process, null before the first success. */
    private List<String> published;
    private boolean failing;

    /** @param apiHotkey the API's hotkey, whose validator run receives the list */
    public AllocatedHotkeysPublisher(Store store, WandbSink sink, String apiHotkey) {
        this.store = store;
        this.sink = sink;
        this.apiHotkey = apiHotkey;
        this.handledSeq = store.lastEventSeq();
    }

    /** One check; synchronized so a {@code runNow} and the scheduled run never publish at once. */
    @Override
    public synchronized void run() {
        long seq = store.lastEventSeq(); // read before the rows: a change after it is caught by the next run
        if (seq == handledSeq) return;
        TreeSet<String> held = new TreeSet<>();
        for (AllocationRecord a : store.listActiveAllocationsRedacted(null)) held.add(a.minerHotkey());
        List<String> hotkeys = List.copyOf(held);
        handledSeq = seq;
        if (hotkeys.equals(published)) return;
        try {
            sink.publishAllocated(apiHotkey, hotkeys);
            published = hotkeys;
            if (failing) log.info("W&B allocation status written again ({} hotkeys)", hotkeys.size());
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("W&B allocation status not written (retried at the next allocation change): {}",
                        e.getMessage());
            } else {
                log.debug("W&B allocation status still not written: {}", e.getMessage());
            }
            failing = true;
        }
    }
}
