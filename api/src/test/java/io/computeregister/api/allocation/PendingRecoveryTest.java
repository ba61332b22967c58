package io.computeregister.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.store.PendingReservation;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.FakeMinerClient;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.time.Duration;

/**
 * What a killed API leaves behind, on both databases: a pending reservation with its write-ahead regkey. The fake
 * miner stands in for the network (the separate-JVM SIGKILL test in the cli module uses a real one).
 */
class PendingRecoveryTest {

    private static final String REGKEY = "-----BEGIN PUBLIC KEY-----\nregkey-of-the-dead-request\n-----END PUBLIC KEY-----\n";

    @EachDatabase
    void a_leftover_with_a_regkey_makes_the_miner_remove_its_container_and_frees_the_miner(TestDb db) {
        db.store.upsertMiner(Fixtures.miner("hk1").build());
        Reservation r = db.store.reserve("hk1", 0, "tenant", Duration.ofMinutes(3)).orElseThrow();
        assertThat(db.store.recordAllocateIntent(r.token(), "uuid-1", REGKEY)).isTrue();
        FakeMinerClient miner = new FakeMinerClient();
        miner.containers.put("hk1", REGKEY); // the miner started the container; the API died before the answer

        try (PendingRecovery recovery = new PendingRecovery(db.store, new MinerIndex(db.store), miner,
                AllocationSettings.defaults(false))) {
            assertThat(recovery.leftAtStart()).extracting(PendingReservation::intendedUuid).containsExactly("uuid-1");
            assertThat(recovery.recover(recovery.leftAtStart())).isEqualTo(1);
        }
        assertThat(miner.containers).isEmpty();
        assertThat(db.store.heldMiners()).isEmpty();
        assertThat(db.store.reserve("hk1", 0, "next", Duration.ofMinutes(3))).isPresent();
    }

    @EachDatabase
    void a_leftover_whose_allocate_never_arrived_is_released_on_the_miners_no(TestDb db) {
        db.store.upsertMiner(Fixtures.miner("hk1").build());
        Reservation r = db.store.reserve("hk1", 0, "tenant", Duration.ofMinutes(3)).orElseThrow();
        db.store.recordAllocateIntent(r.token(), "uuid-1", REGKEY);
        FakeMinerClient miner = new FakeMinerClient(); // holds no container: answers status false
        try (PendingRecovery recovery = new PendingRecovery(db.store, new MinerIndex(db.store), miner,
                AllocationSettings.defaults(false))) {
            assertThat(recovery.recover(recovery.leftAtStart())).isEqualTo(1);
        }
        assertThat(db.store.heldMiners()).isEmpty();
    }

    @EachDatabase
    void on_a_shared_database_another_replicas_live_request_is_not_taken_for_a_leftover(TestDb db) {
        db.store.upsertMiner(Fixtures.miner("hk1").build());
        Reservation live = db.store.reserve("hk1", 0, "tenant", Duration.ofMinutes(3)).orElseThrow();
        db.store.recordAllocateIntent(live.token(), "uuid-live", REGKEY);
        FakeMinerClient miner = new FakeMinerClient();
        // A replica starting beside the one serving that request must leave it alone...
        try (PendingRecovery replica = new PendingRecovery(db.store, new MinerIndex(db.store), miner,
                AllocationSettings.defaults(false), false)) {
            assertThat(replica.leftAtStart()).isEmpty();
            assertThat(replica.sweepExpired()).isZero();
        }
        assertThat(db.store.heldMiners()).contains("hk1");
        // ...until its hold has expired: then nobody serves it any more, and the sweep resolves it with the miner.
        db.clock.advance(Duration.ofMinutes(4));
        try (PendingRecovery replica = new PendingRecovery(db.store, new MinerIndex(db.store), miner,
                AllocationSettings.defaults(false), false)) {
            assertThat(replica.leftAtStart()).extracting(PendingReservation::intendedUuid).containsExactly("uuid-live");
            assertThat(replica.recover(replica.leftAtStart())).isEqualTo(1);
        }
        assertThat(db.store.heldMiners()).isEmpty();
    }

    @EachDatabase
    void an_expired_leftover_keeps_its_miner_held_until_the_miner_confirms(TestDb db) {
        db.store.upsertMiner(Fixtures.miner("hk1").build());
        Reservation r = db.store.reserve("hk1", 0, "tenant", Duration.ofMinutes(3)).orElseThrow();
        db.store.recordAllocateIntent(r.token(), "uuid-1", REGKEY);
        db.clock.advance(Duration.ofMinutes(4));
        // Expired, but its container may run: a new reservation must not simply delete the row.
        assertThat(db.store.reserve("hk1", 0, "next", Duration.ofMinutes(3))).isEmpty();

        FakeMinerClient miner = new FakeMinerClient();
        miner.containers.put("hk1", REGKEY);
        miner.unanswering.add("hk1");
        try (PendingRecovery down = new PendingRecovery(db.store, new MinerIndex(db.store), miner,
                AllocationSettings.defaults(false))) {
            assertThat(down.sweepExpired()).isZero();
        }
        assertThat(db.store.pendingReservations(true)).hasSize(1);
        assertThat(miner.containers).containsKey("hk1");
        miner.unanswering.clear();
        try (PendingRecovery up = new PendingRecovery(db.store, new MinerIndex(db.store), miner,
                AllocationSettings.defaults(false))) {
            assertThat(up.sweepExpired()).isEqualTo(1);
        }
        assertThat(miner.containers).isEmpty();
        assertThat(db.store.reserve("hk1", 0, "next", Duration.ofMinutes(3))).isPresent();
    }

    @EachDatabase
    void a_leftover_that_never_sent_allocate_is_released_without_a_miner_call(TestDb db) {
        db.store.reserve("hk1", 0, "tenant", Duration.ofMinutes(3)).orElseThrow();
        FakeMinerClient miner = new FakeMinerClient();
        try (PendingRecovery recovery = new PendingRecovery(db.store, new MinerIndex(db.store), miner,
                AllocationSettings.defaults(false))) {
            assertThat(recovery.recover(recovery.leftAtStart())).isEqualTo(1);
        }
        assertThat(miner.deallocateCalls).hasValue(0);
        assertThat(db.store.heldMiners()).isEmpty();
    }
}
