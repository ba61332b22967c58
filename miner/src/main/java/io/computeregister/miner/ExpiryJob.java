package io.computeregister.miner;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired allocations every {@code period} (fixed delay). The expiry time lives in the ledger, so a miner
 * that was down past an expiry removes the allocation on its first round after start.
 *
 * <p>COMPAT: the original schedules an {@code at} job per allocation after deleting <em>every</em> {@code at} job on
 * the host; ours touches only its own ledger.
 */
final class ExpiryJob implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

    private final MinerService service;
    private final ScheduledExecutorService scheduler;

    ExpiryJob(MinerService service, Duration period) {
        this.service = service;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "miner-expiry");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        try {
            service.expire();
        } catch (Throwable e) {
            // Never let one bad round end the schedule (a thrown exception would cancel it silently).
            log.error("expiry round failed; next round as scheduled", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
