package io.computeregister.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerMinerTest {

    private static List<AllocationRecord> allocations(int miners, int each) {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");
        List<AllocationRecord> all = new ArrayList<>();
        for (int a = 0; a < each; a++) {
            for (int m = 0; m < miners; m++) {
                all.add(new AllocationRecord("alloc-" + m + "-" + a, "miner-" + m, "renter", AllocationState.ACTIVE,
                        "{}", "127.0.0.1", 4444, "root", "pw", "", "regkey", 183, 1, now, now.plusSeconds(86400),
                        null, false));
            }
        }
        return all;
    }

    @Test
    void at_most_in_flight_miners_are_worked_on_at_once_and_every_allocation_is_done_in_its_miners_order() {
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger mostBusy = new AtomicInteger();
        Map<String, List<String>> done = new ConcurrentHashMap<>();
        PerMiner.run("test", allocations(40, 3), Duration.ofSeconds(30), 8, a -> {
            mostBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.computeIfAbsent(a.minerHotkey(), k -> new CopyOnWriteArrayList<>()).add(a.uuid());
            busy.decrementAndGet();
        });
        assertThat(done).hasSize(40);
        done.forEach((miner, uuids) -> assertThat(uuids).containsExactly(
                "alloc-" + miner.substring(6) + "-0", "alloc-" + miner.substring(6) + "-1",
                "alloc-" + miner.substring(6) + "-2"));
        assertThat(mostBusy.get()).isBetween(2, 8);
    }

    @Test
    void miners_not_reached_by_the_bound_are_left_to_a_later_round_which_takes_them_in_another_order() {
        Set<String> everReached = new HashSet<>();
        for (int round = 0; round < 30; round++) {
            Set<String> reached = ConcurrentHashMap.newKeySet();
            AtomicInteger interrupted = new AtomicInteger();
            // Frozen miners: each action holds its slot until the round's bound interrupts it.
            PerMiner.run("test", allocations(4, 1), Duration.ofMillis(30), 2, a -> {
                reached.add(a.minerHotkey());
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            });
            assertThat(reached).as("round %d", round).hasSize(2);
            assertThat(interrupted.get()).as("round %d", round).isEqualTo(2);
            everReached.addAll(reached);
        }
        // Each round picks 2 of 4 at random: that one miner is never picked in 30 rounds has odds of 4 in 2^30.
        assertThat(everReached).containsExactlyInAnyOrder("miner-0", "miner-1", "miner-2", "miner-3");
    }

    @Test
    void up_to_in_flight_miners_all_run_at_the_same_time() {
        List<String> started = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(4);
        PerMiner.run("test", allocations(4, 1), Duration.ofSeconds(30), 4, a -> {
            started.add(a.minerHotkey());
            all.countDown();
            try {
                all.await(); // returns only once all four run at the same time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started).containsExactlyInAnyOrder("miner-0", "miner-1", "miner-2", "miner-3");
        assertThat(all.getCount()).isZero();
    }
}
