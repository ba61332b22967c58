package io.computeregister.api.jobs;

import io.computeregister.api.store.AllocationRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on allocations: miners concurrently (one virtual thread each), one miner's allocations one after
 * another (their calls share one dendrite, whose nonces to one axon must arrive in order). The round waits at most
 * {@code bound}; a miner still busy then is interrupted and picked up by the next round.
 */
final class PerMiner {

    private static final Logger log = LoggerFactory.getLogger(PerMiner.class);

    private PerMiner() {}

    static void run(String job, List<AllocationRecord> allocations, Duration bound, Consumer<AllocationRecord> action) {
        Map<String, List<AllocationRecord>> byMiner = new LinkedHashMap<>();
        for (AllocationRecord a : allocations) byMiner.computeIfAbsent(a.minerHotkey(), k -> new ArrayList<>()).add(a);
        if (byMiner.isEmpty()) return;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (List<AllocationRecord> group : byMiner.values()) {
                running.add(pool.submit(() -> {
                    for (AllocationRecord a : group) {
                        if (Thread.currentThread().isInterrupted()) return;
                        try {
                            action.accept(a);
                        } catch (RuntimeException e) {
                            log.error("{}: allocation {} on {} failed", job, a.uuid(), a.minerHotkey(), e);
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + bound.toNanos();
            for (Future<?> f : running) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    f.cancel(true);
                } catch (java.util.concurrent.ExecutionException e) {
                    log.error("{}: a miner's group failed", job, e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    pool.shutdownNow();
                    return;
                }
            }
            pool.shutdownNow();
        }
    }
}
