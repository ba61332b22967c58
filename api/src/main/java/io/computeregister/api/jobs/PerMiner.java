package io.computeregister.api.jobs;

import io.computeregister.api.store.AllocationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on allocations: miners concurrently (a virtual thread each, at most {@link #IN_FLIGHT} at a time),
 * one miner's allocations one after another (their calls share one dendrite, whose nonces to one axon must arrive in
 * order). The round waits at most {@code bound}; a miner still busy then is interrupted, and one not reached by then
 * is left: both are picked up by the next round.
 *
 * <p>Why a bound: every miner at once was 10,000 virtual threads for 10,000 allocations, parked in the store and the
 * network with about 5 KB of stack each, 50-60 MB of heap for the few seconds of a round and the peak of the API's
 * RSS (bench/README.md, "Lists"), and as many sockets open at once. Up to {@link #IN_FLIGHT} miners (the subnet has
 * 256) nothing changes. Beyond, the miners are taken in a new random order each round, so when frozen miners hold
 * their slots to the bound, the ones left out this round are not always the same.
 */
final class PerMiner {

    private static final Logger log = LoggerFactory.getLogger(PerMiner.class);

    /** Miners worked on at once. */
    static final int IN_FLIGHT = 1024;

    private PerMiner() {}

    static void run(String job, List<AllocationRecord> allocations, Duration bound, Consumer<AllocationRecord> action) {
        run(job, allocations, bound, IN_FLIGHT, action);
    }

    static void run(String job, List<AllocationRecord> allocations, Duration bound, int inFlight,
                    Consumer<AllocationRecord> action) {
        Map<String, List<AllocationRecord>> byMiner = new LinkedHashMap<>();
        for (AllocationRecord a : allocations) byMiner.computeIfAbsent(a.minerHotkey(), k -> new ArrayList<>()).add(a);
        if (byMiner.isEmpty()) return;
        List<List<AllocationRecord>> groups = new ArrayList<>(byMiner.values());
        if (groups.size() > inFlight) Collections.shuffle(groups);
        long deadline = System.nanoTime() + bound.toNanos();
        Semaphore slots = new Semaphore(inFlight);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            try {
                for (List<AllocationRecord> group : groups) {
                    if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                        log.warn("{}: {} of {} miners not reached within {} ms, left to the next round", job,
                                groups.size() - running.size(), groups.size(), bound.toMillis());
                        break;
                    }
                    running.add(pool.submit(() -> {
                        try {
                            workOn(job, group, action);
                        } finally {
                            slots.release();
                        }
                    }));
                }
                for (Future<?> f : running) {
                    try {
                        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        f.cancel(true);
                    } catch (java.util.concurrent.ExecutionException e) {
                        log.error("{}: a miner's group failed", job, e.getCause());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the job is being stopped: so is the round
            }
            pool.shutdownNow();
        }
    }

    /** One miner's allocations, one after another, until the round interrupts it. */
    private static void workOn(String job, List<AllocationRecord> group, Consumer<AllocationRecord> action) {
        for (AllocationRecord a : group) {
            if (Thread.currentThread().isInterrupted()) return;
            try {
                action.accept(a);
            } catch (RuntimeException e) {
                log.error("{}: allocation {} on {} failed", job, a.uuid(), a.minerHotkey(), e);
            }
        }
    }
}
