package io.computeregister.api.jobs;

import io.computeregister.api.minerclient.OwnershipProbe;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the store with the miners: every active allocation's miner is asked (ownership probe) whether it still
 * holds it. One the miner answers "not owned" for twice in a row (this round and the previous answer, from this job
 * or the health loop; two because the original Python miner also answers "no" for a paused container) is closed
 * with event {@code allocation.vanished}, and its miner's slot freed.
 *
 * <p>The other direction, a container the store does not know, cannot be found from here: the Allocate protocol has
 * no "list your allocations" call, and every probe is keyed by an RSA public key only its creator has. It is covered
 * by (1) the API telling the miner to deallocate on every failure after an allocate call (CandidateAttempt), (2) the
 * API's write-ahead reservation recovery after a crash, and (3) the miner's own expiry and restart reconciliation,
 * which remove a container when its timeline ends.
 */
public final class Reconciliation implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    public static final String NAME = "reconciliation";
    /** Consecutive "not owned" answers before an allocation is closed. */
    static final int NOT_OWNED_THRESHOLD = 2;

    private final Store store;
    private final HealthLedger ledger;
    private final OwnershipProbe probe;
    private final MinerIndex index;
    private final Duration roundBound;
    private final Clock clock;

    public Reconciliation(Store store, HealthLedger ledger, OwnershipProbe probe, MinerIndex index,
                          Duration probeTimeout, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.probe = probe;
        this.index = index;
        this.roundBound = probeTimeout.multipliedBy(3).plusSeconds(5);
        this.clock = clock;
    }

    @Override
    public void run() {
        int closed = runOnce();
        if (closed > 0) log.warn("reconciliation: closed {} allocations their miners no longer hold", closed);
    }

    /** One round; returns how many allocations it closed. */
    public int runOnce() {
        List<AllocationRecord> active = store.listActiveAllocations(null);
        AtomicInteger closed = new AtomicInteger();
        PerMiner.run(NAME, active, roundBound, a -> {
            if (reconcile(a)) closed.incrementAndGet();
        });
        if (closed.get() > 0) index.refresh();
        return closed.get();
    }

    private boolean reconcile(AllocationRecord a) {
        Optional<MinerRecord> miner = store.findMiner(a.minerHotkey()).filter(m -> !m.ip().isEmpty());
        if (miner.isEmpty()) return false;
        OwnershipProbe.Answer answer =
                probe.probe(miner.get().address(), a.regkey());
        if (answer instanceof OwnershipProbe.Answer.Unreachable) return false; // the health loop's business
        boolean owned = answer instanceof OwnershipProbe.Answer.Owned;
        ledger.answered(a.uuid(), a.minerHotkey(), owned, AllocationEvents.up(a, clock.instant()));
        if (owned) return false;
        int notOwned = ledger.find(a.uuid()).map(HealthLedger.Row::notOwned).orElse(0);
        if (notOwned < NOT_OWNED_THRESHOLD) return false;
        boolean ended = store.endAllocation(a.uuid(), AllocationState.DEALLOCATED, null, AllocationEvents.vanished(a));
        if (ended) {
            index.markFree(a.minerHotkey());
            log.warn("allocation {}: miner {} no longer holds it; closed", a.uuid(), a.minerHotkey());
        }
        return ended;
    }
}
