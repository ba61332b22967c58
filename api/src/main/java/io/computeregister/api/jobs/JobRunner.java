package io.computeregister.api.jobs;

import io.computeregister.api.cluster.Leadership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Job}s: each with a fixed delay after its previous run ended plus up to 10% random jitter (so replicas
 * and jobs do not fall into step), on one thread per lane. A leader-only job's tick does nothing while this replica
 * is not the leader; when it becomes leader every leader-only job runs at once, so a takeover does not wait a full
 * period. A run's exception is logged and the job keeps its schedule (an exception escaping a scheduled task would
 * cancel it silently).
 */
public final class JobRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Leadership leadership;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, ScheduledExecutorService> lanes = new LinkedHashMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    public JobRunner(Leadership leadership) {
        this.leadership = leadership;
    }

    public synchronized JobRunner add(Job job) {
        if (started) throw new IllegalStateException("add jobs before start()");
        if (jobs.putIfAbsent(job.name(), job) != null) throw new IllegalArgumentException("duplicate job " + job.name());
        lanes.computeIfAbsent(job.lane(), lane -> Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("jobs-" + lane).factory()));
        return this;
    }

    /** Schedules every job (first runs at once) and hooks the leader-only ones to elections. */
    public synchronized JobRunner start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        for (Job job : jobs.values()) lane(job).schedule(() -> tick(job), 0, TimeUnit.MILLISECONDS);
        leadership.onElected(() -> {
            for (Job job : jobs.values()) {
                if (job.leaderOnly() && !closed) lane(job).execute(() -> runGuarded(job));
            }
        });
        return this;
    }

    private ScheduledExecutorService lane(Job job) {
        return lanes.get(job.lane());
    }

    private void tick(Job job) {
        try {
            runGuarded(job);
        } finally {
            if (!closed) {
                long period = job.period().toMillis();
                long jitter = ThreadLocalRandom.current().nextLong(period / 10 + 1);
                try {
                    lane(job).schedule(() -> tick(job), period + jitter, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // closing
                }
            }
        }
    }

    private void runGuarded(Job job) {
        if (closed || (job.leaderOnly() && !leadership.isLeader())) return;
        try {
            job.body().run();
        } catch (Throwable t) {
            log.error("job {} failed; next run as scheduled", job.name(), t);
        }
    }

    /** Runs one job now on its lane (after whatever that lane is doing) and waits for it; for tests and operators. */
    public void runNow(String name) {
        Job job = jobs.get(name);
        if (job == null) throw new IllegalArgumentException("no job named " + name + "; jobs: " + jobs.keySet());
        Future<?> f = lane(job).submit(() -> job.body().run());
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("job " + name + " failed", e.getCause());
        }
    }

    public List<String> names() {
        return new ArrayList<>(jobs.keySet());
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (ScheduledExecutorService lane : lanes.values()) lane.shutdownNow();
        for (ScheduledExecutorService lane : lanes.values()) {
            try {
                lane.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
