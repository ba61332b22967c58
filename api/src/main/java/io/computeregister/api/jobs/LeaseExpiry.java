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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends allocations past their timeline (the original API did not track expiry at all, docs/compatibility.md row 18):
 * tells the miner to deallocate with the allocation's own regkey, then closes the allocation with event
 * {@code allocation.expired}. If the miner refuses, an ownership probe tells "already gone" (the miner's own expiry was
 * first: confirmed) from "not reachable" (closed unconfirmed: the miner stays held and {@link Reconciliation} retries
 * the deallocation until the miner confirms, as after an unconfirmed deallocate).
 */
public final class LeaseExpiry implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LeaseExpiry.class);
    public static final String NAME = "lease-expiry";

    private final Store store;
    private final MinerClient miners;
    private final OwnershipProbe probe;
    private final MinerIndex index;
    private final Duration roundBound;
    private final Clock clock;

    public LeaseExpiry(Store store, MinerClient miners, OwnershipProbe probe, MinerIndex index,
                       Duration callTimeout, Clock clock) {
        this.store = store;
        this.miners = miners;
        this.probe = probe;
        this.index = index;
        this.roundBound = callTimeout.multipliedBy(4).plusSeconds(5);
        this.clock = clock;
    }

    @Override
    public void run() {
        int ended = runOnce();
        if (ended > 0) log.info("lease expiry: {} allocations ended", ended);
    }

    /** One round; returns how many allocations it ended. */
    public int runOnce() {
        Instant now = clock.instant();
        List<AllocationRecord> due = store.listActiveAllocations(null).stream()
                .filter(a -> !a.expiresAt().isAfter(now)).toList();
        AtomicInteger ended = new AtomicInteger();
        PerMiner.run(NAME, due, roundBound, a -> {
            if (expire(a)) ended.incrementAndGet();
        });
        if (ended.get() > 0) index.refresh();
        return ended.get();
    }

    private boolean expire(AllocationRecord a) {
        Optional<MinerRecord> miner = store.findMiner(a.minerHotkey()).filter(m -> !m.ip().isEmpty());
        boolean confirmed = false;
        String detail = "miner has no known address";
        if (miner.isPresent()) {
            MinerAddress address = miner.get().address();
            MinerClient.Confirmation c = miners.deallocate(address, a.regkey());
            confirmed = c.confirmed();
            detail = c.detail();
            if (!confirmed && probe.probe(address, a.regkey()) instanceof OwnershipProbe.Answer.NotOwned) {
                confirmed = true; // it answered, and holds nothing for our key: the container is gone
                detail = "already removed by the miner";
            }
        }
        boolean ended = store.endAllocation(a.uuid(),
                confirmed ? AllocationState.DEALLOCATED : AllocationState.DEALLOCATED_UNCONFIRMED,
                AllocationEvents.expired(a, confirmed));
        if (!ended) return false; // the renter deallocated it meanwhile
        if (confirmed) index.markFree(a.minerHotkey());
        else log.warn("expired allocation {} on {} closed without miner confirmation ({}); miner held until "
                + "reconciliation gets it confirmed", a.uuid(), a.minerHotkey(), detail);
        return true;
    }
}
