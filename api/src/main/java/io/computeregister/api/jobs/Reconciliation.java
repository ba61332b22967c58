package io.computeregister.api.jobs;

import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
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
 * Compares the store with the miners, both ways a miner and the store can disagree.
 *
 * <p>An allocation the store has ended but its miner did not confirm removing (the miner was down, killed or frozen
 * when the renter deallocated or the lease expired) is deallocated again, with its own regkey, every round until the
 * miner confirms or answers that it holds nothing for that key; only then is the miner's slot freed. Until then the
 * miner stays held, so no renter is placed beside a container the API has stopped accounting for, and a miner that
 * comes back and adopts the container from its ledger is told again to remove it.
 *
 * <p>Every active allocation's miner is asked (ownership probe) whether it still holds it. One the miner answers "not owned" for twice in a row (this round and the previous answer, from this job
 * or the health loop; two because the original Python miner also answers "no" for a paused container) is closed
 * with event {@code allocation.vanished}, and its miner's slot freed.
 *
 * <p>A container the store never knew cannot be found from here: the Allocate protocol has no "list your
 * allocations" call, and every probe is keyed by an RSA public key only its creator has. It is covered by the
 * write-ahead regkey on every reservation before an Allocate is sent: a failed attempt keeps the reservation until the
 * miner confirms a deallocation with that key (CandidateAttempt, PendingRecovery), also after a crash.
 */
public final class Reconciliation implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);
    public static final String NAME = "reconciliation";
    /** Consecutive "not owned" answers before an allocation is closed. */
    static final int NOT_OWNED_THRESHOLD = 2;

    private final Store store;
    private final HealthLedger ledger;
    private final OwnershipProbe probe;
    private final MinerClient miners;
    private final MinerIndex index;
    private final Duration roundBound;
    private final Clock clock;

    /** @param miners bounded by its own deadlines (the deallocations retried) */
    public Reconciliation(Store store, HealthLedger ledger, OwnershipProbe probe, MinerClient miners, MinerIndex index,
                          Duration probeTimeout, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.probe = probe;
        this.miners = miners;
        this.index = index;
        this.roundBound = probeTimeout.multipliedBy(3).plusSeconds(5);
        this.clock = clock;
    }

    @Override
    public void run() {
        int closed = runOnce();
        if (closed > 0) log.warn("reconciliation: closed {} allocations their miners no longer hold", closed);
    }

    /** One round; returns how many allocations it closed (vanished from their miners). */
    public int runOnce() {
        int confirmed = confirmDeallocations();
        if (confirmed > 0) log.info("reconciliation: {} deallocations confirmed by their miners", confirmed);
        List<AllocationRecord> active = store.listActiveAllocations(null);
        AtomicInteger closed = new AtomicInteger();
        PerMiner.run(NAME, active, roundBound, a -> {
            if (reconcile(a)) closed.incrementAndGet();
        });
        if (closed.get() > 0 || confirmed > 0) index.refresh();
        return closed.get();
    }

    /** Retries every unconfirmed deallocation once; returns how many the miners confirmed (their slots freed). */
    int confirmDeallocations() {
        List<AllocationRecord> unconfirmed = store.listUnconfirmedDeallocations();
        AtomicInteger confirmed = new AtomicInteger();
        PerMiner.run(NAME, unconfirmed, roundBound, a -> {
            if (confirmDeallocation(a)) confirmed.incrementAndGet();
        });
        return confirmed.get();
    }

    private boolean confirmDeallocation(AllocationRecord a) {
        Optional<MinerAddress> address = store.findMiner(a.minerHotkey()).filter(m -> !m.ip().isEmpty() && m.port() > 0)
                .map(MinerRecord::address);
        if (address.isEmpty()) return false; // not in the metagraph now: it cannot be placed on either
        String how = switch (miners.deallocate(address.get(), a.regkey())) {
            case MinerClient.Confirmation.Confirmed c -> "removed it";
            case MinerClient.Confirmation.Denied d -> "holds nothing for its key";
            case MinerClient.Confirmation.NoAnswer n -> null;
        };
        if (how == null || !store.confirmDeallocation(a.uuid())) return false;
        index.markFree(a.minerHotkey());
        log.info("allocation {}: miner {} {}; deallocation confirmed, miner free", a.uuid(), a.minerHotkey(), how);
        return true;
    }

    private boolean reconcile(AllocationRecord a) {
        Optional<MinerRecord> miner = store.findMiner(a.minerHotkey()).filter(m -> !m.ip().isEmpty());
        if (miner.isEmpty()) return false;
        OwnershipProbe.Answer answer =
                probe.probe(miner.get().address(), a.regkey());
        if (answer instanceof OwnershipProbe.Answer.Unreachable) return false; // the health loop's business
        boolean owned = answer instanceof OwnershipProbe.Answer.Owned;
        if (!owned && a.paused() && miner.get().specsPublished()) {
            // An original miner answers "no" for a paused container (docs/protocol.md §3.2): no evidence it is gone.
            ledger.reachable(a.uuid(), a.minerHotkey(), AllocationEvents.up(a, clock.instant()));
            return false;
        }
        ledger.answered(a.uuid(), a.minerHotkey(), owned, AllocationEvents.up(a, clock.instant()));
        if (owned) return false;
        int notOwned = ledger.find(a.uuid()).map(HealthLedger.Row::notOwned).orElse(0);
        if (notOwned < NOT_OWNED_THRESHOLD) return false;
        boolean ended = store.endAllocation(a.uuid(), AllocationState.DEALLOCATED, AllocationEvents.vanished(a));
        if (ended) {
            index.markFree(a.minerHotkey());
            log.warn("allocation {}: miner {} no longer holds it; closed", a.uuid(), a.minerHotkey());
        }
        return ended;
    }
}
