package io.computeregister.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reservations by share on a miner that offers capacity (several renters per machine), on SQLite and PostgreSQL:
 * concurrent requests never take more than the miner offers, shares come back when they end, and a whole-machine
 * reservation (an original miner's one renter) never sits beside a share.
 */
class CapacityReservationTest {

    private static final long GIB = 1L << 30;
    /** 8 cores, 64 GiB, 500 GiB disk, 4 cards, 20 host ports. */
    private static final MinerUsage.Room ROOM = new MinerUsage.Room(8, 64 * GIB, 500 * GIB, 4, 20);
    private static final Claim ONE_GPU = new Claim(2, 8 * GIB, 50 * GIB, 1, 2);

    private static List<Boolean> concurrently(int n, Callable<Boolean> call) throws Exception {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) calls.add(call);
        List<Boolean> out = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Boolean> f : pool.invokeAll(calls)) out.add(f.get());
        }
        return out;
    }

    @EachDatabase
    void fifty_concurrent_requests_on_one_miner_never_take_more_than_it_offers(TestDb db) throws Exception {
        db.store.upsertMiner(Fixtures.miner("hk1").build());

        List<Boolean> won = concurrently(50,
                () -> db.store.reserve("hk1", ONE_GPU, ROOM, "tenant", Duration.ofMinutes(3)).isPresent());

        // 4 cards, one each: four fit (cores 8/2 = 4 would allow four too; memory and disk more).
        assertThat(won.stream().filter(b -> b).count()).isEqualTo(4);
        MinerUsage used = db.store.minerUsage("hk1");
        assertThat(used).isEqualTo(new MinerUsage(4, 0, 8, 32 * GIB, 200 * GIB, 4, 8));
        assertThat(db.store.minerUsage()).containsOnlyKeys("hk1");
        assertThat(db.store.heldMiners()).containsExactly("hk1");
    }

    @EachDatabase
    void every_resource_counts_and_a_freed_share_is_taken_again(TestDb db) throws Exception {
        db.store.upsertMiner(Fixtures.miner("hk1").build());
        Claim cpuHeavy = new Claim(6, GIB, GIB, 0, 1);
        Reservation first = db.store.reserve("hk1", cpuHeavy, ROOM, "a", Duration.ofMinutes(3)).orElseThrow();
        // 6 of 8 cores taken: a second 6-core request does not fit; a 2-core one does.
        assertThat(db.store.reserve("hk1", cpuHeavy, ROOM, "b", Duration.ofMinutes(3))).isEmpty();
        Optional<Reservation> small = db.store.reserve("hk1", new Claim(2, GIB, GIB, 0, 1), ROOM, "c",
                Duration.ofMinutes(3));
        assertThat(small).isPresent();
        assertThat(small.get().slot()).isNotEqualTo(first.slot());
        // ports: 20 in the range, 2 taken: 19 more do not fit, 18 do.
        assertThat(db.store.reserve("hk1", new Claim(0, 0, 0, 0, 19), ROOM, "d", Duration.ofMinutes(3))).isEmpty();

        db.store.release(first.token());
        assertThat(db.store.reserve("hk1", cpuHeavy, ROOM, "b", Duration.ofMinutes(3))).isPresent();
    }

    @EachDatabase
    void a_pending_share_whose_hold_ran_out_is_dropped_and_an_active_allocations_share_is_kept(TestDb db) {
        db.store.upsertMiner(Fixtures.miner("hk1").build());
        Claim half = new Claim(4, GIB, GIB, 2, 1);
        db.store.reserve("hk1", half, ROOM, "a", Duration.ofSeconds(10)).orElseThrow(); // never allocated
        Reservation kept = db.store.reserve("hk1", half, ROOM, "b", Duration.ofSeconds(10)).orElseThrow();
        Instant now = db.clock.instant();
        AllocationRecord a = new AllocationRecord("u-kept", "hk1", "b", AllocationState.ACTIVE, "gpu", "10.0.0.5",
                4444, "root", "pw", "", "-----BEGIN PUBLIC KEY-----\n", 183, 1, now, now.plus(Duration.ofDays(1)),
                null, false);
        assertThat(db.store.commitAllocation(kept.token(), a, null, Event.of("allocation.created", "u-kept", "{}")))
                .isTrue();
        assertThat(db.store.reserve("hk1", half, ROOM, "c", Duration.ofMinutes(3))).isEmpty();

        db.clock.advance(Duration.ofSeconds(11));

        // The pending one ran out; the allocation's share holds for the allocation's life.
        assertThat(db.store.reserve("hk1", half, ROOM, "c", Duration.ofMinutes(3))).isPresent();
        assertThat(db.store.reserve("hk1", half, ROOM, "d", Duration.ofMinutes(3))).isEmpty();
    }

    @EachDatabase
    void a_whole_machine_reservation_and_shares_never_meet(TestDb db) {
        db.store.upsertMiner(Fixtures.miner("hk1").build());
        Reservation whole = db.store.reserve("hk1", 0, "a", Duration.ofMinutes(3)).orElseThrow();
        assertThat(db.store.reserve("hk1", ONE_GPU, ROOM, "b", Duration.ofMinutes(3))).isEmpty();
        db.store.release(whole.token());

        db.store.reserve("hk1", ONE_GPU, ROOM, "b", Duration.ofMinutes(3)).orElseThrow();
        assertThat(db.store.reserve("hk1", 0, "a", Duration.ofMinutes(3))).isEmpty();
        assertThat(db.store.minerUsage("hk1").whole()).isZero();
    }
}
