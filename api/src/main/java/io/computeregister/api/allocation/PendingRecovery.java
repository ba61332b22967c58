package io.computeregister.api.allocation;

import io.computeregister.api.minerclient.DeadlineMinerClient;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.PendingReservation;
import io.computeregister.api.store.Store;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes allocations a dead process left half-done, and attempts that gave up while their miner may hold a
 * container. {@link CandidateAttempt} writes the regkey on the pending reservation before it sends {@code Allocate};
 * if the process is killed before the commit, that row is all that is left; if the attempt fails and the miner does
 * not confirm the cleanup, the attempt ends the row's hold at once ({@code Store.abandonPending}) for the next sweep. For each such row this tells the miner to deallocate with the regkey (the miner removes the container if it
 * created one, and answers {@code status: false} if it holds none), then releases the reservation. A miner that does
 * not answer keeps its row (and so stays unplaceable) until a later sweep reaches it: releasing it blind could hand
 * the miner to a second renter while the first container still runs.
 *
 * <p>With a database only this process uses (SQLite), every pending row at start is a leftover (none of this
 * process's requests exists yet), so the rows are read before the HTTP server opens and handled in the background at
 * once. With a shared database (PostgreSQL, where other replicas may have requests in flight) a pending row may be a
 * live request of another replica, so start-up only takes the expired ones. After that, the periodic sweep only looks
 * at pending rows whose hold has expired, which a live request never owns (the hold outlives the slowest attempt).
 */
public final class PendingRecovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PendingRecovery.class);

    private final Store store;
    private final MinerIndex index;
    private final DeadlineMinerClient client;
    private final List<PendingReservation> leftAtStart;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pending-recovery");
        t.setDaemon(true);
        return t;
    });

    /** For a database only this process uses: reads every pending reservation now (call before the server opens). */
    public PendingRecovery(Store store, MinerIndex index, MinerClient client, AllocationSettings settings) {
        this(store, index, client, settings, true);
    }

    /**
     * @param soleProcess true when no other process can have requests in flight on this database (SQLite): every
     *                    pending row found now is then a leftover; false (PostgreSQL replicas): only expired ones are
     */
    public PendingRecovery(Store store, MinerIndex index, MinerClient client, AllocationSettings settings,
                           boolean soleProcess) {
        this.store = store;
        this.index = index;
        this.client = settings.withDeadlines(client);
        this.leftAtStart = store.pendingReservations(!soleProcess);
        if (!leftAtStart.isEmpty()) {
            log.warn("{} reservation(s) left pending by a previous run; cleaning up", leftAtStart.size());
        }
    }

    /** Recovers the rows found at start, then sweeps expired pending rows every {@code period}. */
    public PendingRecovery start(Duration period) {
        scheduler.execute(() -> recover(leftAtStart));
        scheduler.scheduleWithFixedDelay(this::sweepExpired, period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** The rows found at start (for tests and the start-up log). */
    public List<PendingReservation> leftAtStart() {
        return leftAtStart;
    }

    /** One sweep of expired pending reservations; returns how many were released. */
    public int sweepExpired() {
        try {
            return recover(store.pendingReservations(true));
        } catch (RuntimeException e) {
            log.warn("pending-reservation sweep failed: {}", e.toString());
            return 0;
        }
    }

    /** Resolves each row; returns how many were released. */
    int recover(List<PendingReservation> pending) {
        int released = 0;
        for (PendingReservation p : pending) {
            try {
                if (resolve(p)) released++;
            } catch (RuntimeException e) {
                log.warn("recovering {} failed: {}", p, e.toString());
            }
        }
        return released;
    }

    private boolean resolve(PendingReservation p) {
        if (!p.allocateMayHaveBeenSent()) {
            release(p, "no allocate was sent");
            return true;
        }
        Optional<MinerAddress> address = store.findMiner(p.minerHotkey())
                .filter(m -> !m.ip().isEmpty() && m.port() > 0)
                .map(MinerRecord::address);
        if (address.isEmpty()) {
            log.warn("{}: miner has no address; kept until a later sweep", p);
            return false;
        }
        return switch (client.deallocate(address.get(), p.regkey())) {
            case MinerClient.Confirmation.Confirmed c -> {
                release(p, "miner removed the container it had started");
                yield true;
            }
            case MinerClient.Confirmation.Denied d -> {
                release(p, "miner holds no container for this request");
                yield true;
            }
            case MinerClient.Confirmation.NoAnswer n -> {
                log.warn("{}: miner did not answer deallocate ({}); kept until a later sweep", p, n.reason());
                yield false;
            }
        };
    }

    private void release(PendingReservation p, String why) {
        store.release(p.token());
        index.markFree(p.minerHotkey());
        log.info("released {}: {}", p, why);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        client.close();
    }
}
