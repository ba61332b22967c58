package io.computeregister.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.api.cluster.Leadership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    /** Leadership the test hands out and takes away (the election itself is ReplicasTest's subject). */
    private static final class Handed implements Leadership {
        volatile boolean leader;
        final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        void elect() {
            leader = true;
            listeners.forEach(Runnable::run);
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public void onElected(Runnable listener) {
            listeners.add(listener);
        }

        @Override
        public void close() {}
    }

    @Test
    void leader_only_jobs_wait_for_leadership_and_run_at_once_when_elected() {
        Handed leadership = new Handed();
        AtomicInteger leaderRuns = new AtomicInteger();
        AtomicInteger everywhereRuns = new AtomicInteger();
        try (JobRunner runner = new JobRunner(leadership)
                .add(new Job("leader-job", "a", Duration.ofHours(1), true, leaderRuns::incrementAndGet))
                .add(new Job("local-job", "b", Duration.ofMillis(50), false, everywhereRuns::incrementAndGet))
                .start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> everywhereRuns.get() >= 3);
            assertThat(leaderRuns.get()).isZero();
            leadership.elect(); // the hour-long period does not delay the first run after an election
            await().atMost(Duration.ofSeconds(5)).until(() -> leaderRuns.get() == 1);
        }
    }

    @Test
    void a_failing_run_keeps_the_job_on_its_schedule() {
        Handed leadership = new Handed();
        leadership.leader = true;
        AtomicInteger runs = new AtomicInteger();
        try (JobRunner runner = new JobRunner(leadership).add(new Job("flaky", "a", Duration.ofMillis(20), true, () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("boom");
        })).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        }
    }

    @Test
    void jobs_of_one_lane_never_overlap() {
        Handed leadership = new Handed();
        leadership.leader = true;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        Runnable body = () -> {
            if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inside.decrementAndGet();
            runs.incrementAndGet();
        };
        try (JobRunner runner = new JobRunner(leadership)
                .add(new Job("one", "miners", Duration.ofMillis(1), true, body))
                .add(new Job("two", "miners", Duration.ofMillis(1), true, body))
                .start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 40);
        }
        assertThat(overlaps.get()).isZero();
    }
}
