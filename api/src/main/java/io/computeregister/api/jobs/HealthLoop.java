package io.computeregister.api.jobs;

import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.minerclient.OwnershipProbe;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.Health;
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
 * The allocation health check (docs/protocol.md §5.2, fixed): each round probes every active allocation's miner with
 * the ownership probe, up to 1,024 miners at once ({@link PerMiner}), each probe bounded. After {@code misses}
 * consecutive unanswered probes the allocation goes down (event {@code allocation.down}, so its renter's webhooks fire)
 * and its miner is marked down for placement; the first answer after that brings it back ({@code allocation.up}, miner
 * online). Only transitions produce events (the original notified every allocation on every pass,
 * docs/compatibility.md row 20); allocations whose miner left the metagraph are probed at their last known address
 * rather than skipped (docs/compatibility.md row 23); counters live in the store (docs/compatibility.md row 25).
 *
 * <p>A miner whose specs were published rather than answered (an original Python miner: W&amp;B run or validator
 * database) is probed as discovery and check_miner_status probe it, {@code Allocate(checking=true, timeline=1)}
 * (docs/protocol.md §3.2): free or busy is an answer, none is a miss. That probe says nothing about whose container
 * runs, so it leaves the "not owned" count to reconciliation's ownership probe.
 */
public final class HealthLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HealthLoop.class);
    public static final String NAME = "health-loop";

    private final Store store;
    private final HealthLedger ledger;
    private final OwnershipProbe probe;
    private final MinerClient liveness;
    private final MinerIndex index;
    private final int missThreshold;
    private final Duration roundBound;
    private final Clock clock;

    /** @param liveness probes the miners whose specs were published (original Python miners) */
    public HealthLoop(Store store, HealthLedger ledger, OwnershipProbe probe, MinerClient liveness, MinerIndex index,
                      int missThreshold, Duration probeTimeout, Clock clock) {
        this.store = store;
        this.ledger = ledger;
        this.probe = probe;
        this.liveness = liveness;
        this.index = index;
        this.missThreshold = missThreshold;
        this.roundBound = probeTimeout.multipliedBy(3).plusSeconds(5);
        this.clock = clock;
    }

    /** What one round saw (for logs and tests). */
    public record Round(int probed, int wentDown, int cameBack) {}

    @Override
    public void run() {
        Round r = runOnce();
        if (r.wentDown() + r.cameBack() > 0) {
            log.info("health loop: {} allocations probed, {} went down, {} came back", r.probed(), r.wentDown(),
                    r.cameBack());
        }
    }

    public Round runOnce() {
        List<AllocationRecord> active = store.listActiveAllocations(null);
        AtomicInteger down = new AtomicInteger();
        AtomicInteger back = new AtomicInteger();
        PerMiner.run(NAME, active, roundBound, a -> {
            switch (check(a)) {
                case WENT_DOWN -> down.incrementAndGet();
                case CAME_BACK -> back.incrementAndGet();
                case NONE -> { }
            }
        });
        ledger.forgetEnded();
        if (down.get() + back.get() > 0) index.refresh();
        return new Round(active.size(), down.get(), back.get());
    }

    private HealthLedger.Transition check(AllocationRecord a) {
        Optional<MinerRecord> miner = store.findMiner(a.minerHotkey());
        OwnershipProbe.Answer answer = miner.isEmpty() || miner.get().ip().isEmpty()
                ? new OwnershipProbe.Answer.Unreachable("miner has no known address")
                : miner.get().specsPublished() ? liveness(miner.get())
                : probe.probe(miner.get().address(), a.regkey());
        if (answer instanceof OwnershipProbe.Answer.Unreachable u) {
            HealthLedger.Transition t = ledger.missed(a.uuid(), a.minerHotkey(), missThreshold,
                    AllocationEvents.down(a, missThreshold, clock.instant()));
            if (t == HealthLedger.Transition.WENT_DOWN) {
                log.warn("allocation {} on miner {} is down: {} probes unanswered ({})", a.uuid(), a.minerHotkey(),
                        missThreshold, u.reason());
                miner.ifPresent(m -> store.upsertMiner(m.withHealth(Health.DOWN, m.lastSeen())));
            }
            return t;
        }
        HealthLedger.Transition t = answer == null
                ? ledger.reachable(a.uuid(), a.minerHotkey(), AllocationEvents.up(a, clock.instant()))
                : ledger.answered(a.uuid(), a.minerHotkey(), answer instanceof OwnershipProbe.Answer.Owned,
                        AllocationEvents.up(a, clock.instant()));
        if (t == HealthLedger.Transition.CAME_BACK) {
            log.info("allocation {} on miner {} answers again", a.uuid(), a.minerHotkey());
        }
        // Reachable: placement may use the miner again (discovery refreshes its specs on its own schedule).
        miner.filter(m -> m.health() != Health.ONLINE)
                .ifPresent(m -> store.upsertMiner(m.withHealth(Health.ONLINE, clock.instant())));
        return t;
    }

    /** The original's liveness probe: Unreachable when it gives no answer, null (answered, no ownership) otherwise. */
    private OwnershipProbe.Answer liveness(MinerRecord m) {
        return switch (liveness.probe(m.address(), null, 1)) {
            case MinerClient.ProbeResult.Unreachable u -> new OwnershipProbe.Answer.Unreachable(u.reason());
            case MinerClient.ProbeResult.Available free -> null;
            case MinerClient.ProbeResult.Busy busy -> null;
        };
    }
}
