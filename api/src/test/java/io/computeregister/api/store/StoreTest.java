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

class StoreTest {

    /** The longest a request can run, as AllocationSettings gives it. */
    private static final Duration CLAIM = Duration.ofMinutes(11);

    private static AllocationRecord allocation(String uuid, String miner, String tenant, Instant now) {
        return new AllocationRecord(uuid, miner, tenant, AllocationState.ACTIVE, "nvidia geforce rtx 4090",
                "10.0.0.5", 4444, "root", "s3cretPassw0rd", "ssh-ed25519 AAAA renter", "-----BEGIN PUBLIC KEY-----\n",
                183, 7, now, now.plus(Duration.ofDays(7)), null, false);
    }

    @EachDatabase
    void a_miner_refresh_keeps_the_operators_block(TestDb db) {
        Store store = db.store;
        store.upsertMiner(Fixtures.miner("hk1").build());
        store.setBlocked("hk1", true, "abuse report");
        store.upsertMiner(Fixtures.miner("hk1").ip("10.9.9.9").build());

        MinerRecord m = store.findMiner("hk1").orElseThrow();
        assertThat(m.ip()).isEqualTo("10.9.9.9");
        assertThat(m.blocked()).isTrue();
        assertThat(m.blockedReason()).isEqualTo("abuse report");
        assertThat(m.specsJson()).contains("RTX 4090");
        assertThat(m.health()).isEqualTo(Health.ONLINE);
    }

    @EachDatabase
    void the_miners_version_moves_with_every_miner_write_and_only_then(TestDb db) {
        Store store = db.store;
        long start = store.minersVersion();
        store.upsertMiner(Fixtures.miner("hk1").build());
        long afterInsert = store.minersVersion();
        // the same row again, in the same millisecond (the test clock stands still): still a change
        store.upsertMiner(Fixtures.miner("hk1").health(Health.DOWN).build());
        long afterUpdate = store.minersVersion();
        store.setBlocked("hk1", true, "abuse report");
        long afterBlock = store.minersVersion();
        store.reserve("hk1", 0, "tenantA", Duration.ofMinutes(3)).orElseThrow();
        store.appendEvent(Event.of("miner.down", null, "{}"));

        assertThat(List.of(start, afterInsert, afterUpdate, afterBlock)).doesNotHaveDuplicates().isSorted();
        assertThat(store.minersVersion()).as("reservations and events are not miner writes").isEqualTo(afterBlock);
    }

    @EachDatabase
    void blocking_an_unknown_hotkey_records_it_for_later(TestDb db) {
        db.store.setBlocked("future", true, "known bad actor");
        assertThat(db.store.findMiner("future")).get().extracting(MinerRecord::blocked).isEqualTo(true);
        db.store.setBlocked("future", false, null);
        assertThat(db.store.findMiner("future").orElseThrow().blocked()).isFalse();
    }

    @EachDatabase
    void a_held_miner_cannot_be_reserved_again_until_the_reservation_expires(TestDb db) {
        Store store = db.store;
        Optional<Reservation> first = store.reserve("hk1", 0, "tenantA", Duration.ofMinutes(3));
        assertThat(first).isPresent();
        assertThat(store.reserve("hk1", 0, "tenantB", Duration.ofMinutes(3))).isEmpty();
        assertThat(store.heldMiners()).containsExactly("hk1");

        db.clock.advance(Duration.ofMinutes(3).plusMillis(1));
        assertThat(store.heldMiners()).isEmpty();
        Optional<Reservation> second = store.reserve("hk1", 0, "tenantB", Duration.ofMinutes(3));
        assertThat(second).isPresent();
        assertThat(second.get().token()).isNotEqualTo(first.get().token());
    }

    @EachDatabase
    void fifty_concurrent_reservations_of_one_miner_yield_exactly_one(TestDb db) throws Exception {
        List<Callable<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String tenant = "t" + i;
            calls.add(() -> db.store.reserve("hk1", 0, tenant, Duration.ofMinutes(3)).isPresent());
        }
        int won = 0;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Boolean> f : pool.invokeAll(calls)) if (f.get()) won++;
        }
        assertThat(won).isEqualTo(1);
    }

    @EachDatabase
    void pausing_and_a_new_ssh_key_change_only_an_active_allocation_each_with_its_event(TestDb db) {
        Store store = db.store;
        Instant now = db.clock.instant();
        Reservation r = store.reserve("hk1", 0, "tenantA", Duration.ofMinutes(3)).orElseThrow();
        assertThat(store.commitAllocation(r.token(), allocation("u1", "hk1", "tenantA", now), null, null)).isTrue();
        long before = store.lastEventSeq();

        assertThat(store.setPaused("u1", true, Event.of("allocation.paused", "u1", "{}"))).isTrue();
        assertThat(store.updateSshKey("u1", SshKeySlot.USER, "ssh-ed25519 AAAA new",
                Event.of("allocation.ssh_key_exchanged", "u1", "{}"))).isTrue();
        boolean paused = db.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT paused FROM allocations WHERE uuid = 'u1'").mapTo(Boolean.class).one());
        assertThat(paused).isTrue();
        assertThat(store.findAllocation("u1").orElseThrow().sshKey()).isEqualTo("ssh-ed25519 AAAA new");
        assertThat(store.eventsAfter(before, 10)).extracting(Event::type)
                .containsExactly("allocation.paused", "allocation.ssh_key_exchanged");

        store.endAllocation("u1", AllocationState.DEALLOCATED, null);
        long ended = store.lastEventSeq();
        assertThat(store.setPaused("u1", false, Event.of("allocation.unpaused", "u1", "{}"))).isFalse();
        assertThat(store.updateSshKey("u1", SshKeySlot.USER, "ssh-ed25519 AAAA late", Event.of("x", "u1", "{}")))
                .isFalse();
        assertThat(store.findAllocation("u1").orElseThrow().sshKey()).isEqualTo("ssh-ed25519 AAAA new");
        assertThat(store.lastEventSeq()).isEqualTo(ended);
    }

    @EachDatabase
    void a_terminal_key_exchange_keeps_the_renters_own_key(TestDb db) {
        Store store = db.store;
        Reservation r = store.reserve("hk1", 0, "tenantA", Duration.ofMinutes(3)).orElseThrow();
        assertThat(store.commitAllocation(r.token(), allocation("u1", "hk1", "tenantA", db.clock.instant()), null,
                null)).isTrue();
        String own = store.findAllocation("u1").orElseThrow().sshKey();

        // Before: the terminal's key overwrote ssh_key, so the renter's own key was lost from allocations_sql.
        assertThat(store.updateSshKey("u1", SshKeySlot.of("terminal"), "ssh-ed25519 AAAA terminal",
                Event.of("allocation.ssh_key_exchanged", "u1", "{}"))).isTrue();
        assertThat(store.findAllocation("u1").orElseThrow().sshKey()).isEqualTo(own);
        assertThat(store.listActiveAllocationsRedacted("tenantA")).extracting(AllocationRecord::sshKey)
                .containsExactly(own);
        String terminal = db.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT terminal_ssh_key FROM allocations WHERE uuid = 'u1'").mapTo(String.class).one());
        assertThat(terminal).isEqualTo("ssh-ed25519 AAAA terminal");

        assertThat(store.updateSshKey("u1", SshKeySlot.of("user"), "ssh-ed25519 AAAA mine",
                Event.of("allocation.ssh_key_exchanged", "u1", "{}"))).isTrue();
        assertThat(store.findAllocation("u1").orElseThrow().sshKey()).isEqualTo("ssh-ed25519 AAAA mine");
    }

    @EachDatabase
    void a_committed_allocation_keeps_its_miner_and_stores_the_password_encrypted(TestDb db) {
        Store store = db.store;
        Reservation r = store.reserve("hk1", 0, "tenantA", Duration.ofMinutes(3)).orElseThrow();
        Instant now = db.clock.instant();
        boolean ok = store.commitAllocation(r.token(), allocation("u-1", "hk1", "tenantA", now), null,
                Event.of("allocation.created", "u-1", "{\"uuid\":\"u-1\"}"));
        assertThat(ok).isTrue();

        AllocationRecord back = store.findAllocation("u-1").orElseThrow();
        assertThat(back.sshPassword()).isEqualTo("s3cretPassw0rd");
        assertThat(back.state()).isEqualTo(AllocationState.ACTIVE);
        assertThat(back.toString()).doesNotContain("s3cretPassw0rd");
        String raw = db.database.jdbi().withHandle(h -> h.createQuery(
                "SELECT ssh_password_enc FROM allocations WHERE uuid = 'u-1'").mapTo(String.class).one());
        assertThat(raw).startsWith("v1:").doesNotContain("s3cretPassw0rd");

        // The pending hold became the allocation's hold: it outlives the pending TTL.
        db.clock.advance(Duration.ofDays(1));
        assertThat(store.reserve("hk1", 0, "tenantB", Duration.ofMinutes(3))).isEmpty();
        assertThat(store.findActiveAllocationOnMiner("hk1")).get().extracting(AllocationRecord::uuid).isEqualTo("u-1");
        assertThat(store.listActiveAllocations("tenantA")).hasSize(1);
        assertThat(store.listActiveAllocations("tenantB")).isEmpty();
        // the lists' query: everything but the secrets, which it never reads
        assertThat(store.listActiveAllocationsRedacted("tenantA")).singleElement().satisfies(a -> {
            assertThat(a.uuid()).isEqualTo("u-1");
            assertThat(a.sshPassword()).isEmpty();
            assertThat(a.regkey()).isEmpty();
            assertThat(a.sshKey()).isEqualTo(back.sshKey());
            assertThat(a.sshPort()).isEqualTo(back.sshPort());
            assertThat(a.expiresAt()).isEqualTo(back.expiresAt());
        });
        assertThat(store.listActiveAllocationsRedacted(null)).hasSize(1);
        assertThat(store.listActiveAllocationsRedacted("tenantB")).isEmpty();
        assertThat(store.eventsAfter(0, 10)).extracting(Event::type).containsExactly("allocation.created");
    }

    @EachDatabase
    void a_commit_after_losing_the_reservation_writes_nothing(TestDb db) {
        Store store = db.store;
        Reservation mine = store.reserve("hk1", 0, "tenantA", Duration.ofSeconds(10)).orElseThrow();
        db.clock.advance(Duration.ofSeconds(11));
        Reservation theirs = store.reserve("hk1", 0, "tenantB", Duration.ofMinutes(3)).orElseThrow();

        boolean ok = store.commitAllocation(mine.token(), allocation("u-late", "hk1", "tenantA", db.clock.instant()),
                null, Event.of("allocation.created", "u-late", "{}"));
        assertThat(ok).isFalse();
        assertThat(store.findAllocation("u-late")).isEmpty();
        assertThat(store.eventsAfter(0, 10)).isEmpty();
        assertThat(store.reserve("hk1", 0, "tenantC", Duration.ofMinutes(3))).isEmpty(); // still theirs
        assertThat(theirs.tenantId()).isEqualTo("tenantB");
    }

    @EachDatabase
    void ending_an_allocation_frees_the_miner_or_holds_it_until_the_miner_confirms(TestDb db) {
        Store store = db.store;
        Reservation r1 = store.reserve("hk1", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        store.commitAllocation(r1.token(), allocation("u-1", "hk1", "t", db.clock.instant()), null, null);
        Reservation r2 = store.reserve("hk2", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        store.commitAllocation(r2.token(), allocation("u-2", "hk2", "t", db.clock.instant()), null, null);

        assertThat(store.endAllocation("u-1", AllocationState.DEALLOCATED,
                Event.of("allocation.deallocated", "u-1", "{}"))).isTrue();
        assertThat(store.endAllocation("u-1", AllocationState.DEALLOCATED, null)).isFalse();
        assertThat(store.endAllocation("u-2", AllocationState.DEALLOCATED_UNCONFIRMED, null)).isTrue();

        assertThat(store.findAllocation("u-1").orElseThrow().endedAt()).isNotNull();
        assertThat(store.reserve("hk1", 0, "t", Duration.ofMinutes(3))).isPresent();
        // Unconfirmed: held however long it takes (it used to be freed after a fixed 15 minutes, confirmed or not).
        assertThat(store.reserve("hk2", 0, "t", Duration.ofMinutes(3))).isEmpty();
        db.clock.advance(Duration.ofDays(30));
        assertThat(store.reserve("hk2", 0, "t", Duration.ofMinutes(3))).isEmpty();
        assertThat(store.heldMiners()).contains("hk2");
        assertThat(store.listUnconfirmedDeallocations()).extracting(AllocationRecord::uuid).containsExactly("u-2");

        assertThat(store.confirmDeallocation("u-2")).isTrue();
        assertThat(store.confirmDeallocation("u-2")).isFalse();
        assertThat(store.findAllocation("u-2").orElseThrow().state()).isEqualTo(AllocationState.DEALLOCATED);
        assertThat(store.listUnconfirmedDeallocations()).isEmpty();
        assertThat(store.heldMiners()).doesNotContain("hk2");
        assertThat(store.reserve("hk2", 0, "t", Duration.ofMinutes(3))).isPresent();
    }

    @EachDatabase
    void an_allocation_past_its_expiry_keeps_its_miner_until_lease_expiry_has_ended_it(TestDb db) {
        Store store = db.store;
        Reservation r = store.reserve("hk1", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        store.commitAllocation(r.token(), allocation("u-1", "hk1", "t", db.clock.instant()), null, null);
        db.clock.advance(Duration.ofDays(400)); // far past the allocation's expires_at

        // Before: reserve() deleted the expired row, so a second renter got the miner while the first container ran
        // and lease expiry had nothing left to hold when the miner did not confirm.
        assertThat(store.reserve("hk1", 0, "t", Duration.ofMinutes(3))).isEmpty();
        assertThat(store.heldMiners()).contains("hk1");

        assertThat(store.endAllocation("u-1", AllocationState.DEALLOCATED_UNCONFIRMED, null)).isTrue();
        assertThat(store.reserve("hk1", 0, "t", Duration.ofMinutes(3))).isEmpty();
        assertThat(store.confirmDeallocation("u-1")).isTrue();
        assertThat(store.reserve("hk1", 0, "t", Duration.ofMinutes(3))).isPresent();
    }

    @EachDatabase
    void a_pending_reservation_whose_allocate_may_have_reached_the_miner_is_never_taken_over(TestDb db) {
        Store store = db.store;
        Reservation sent = store.reserve("hk1", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        assertThat(store.recordAllocateIntent(sent.token(), "u-1", "regkey-pem")).isTrue();
        Reservation unsent = store.reserve("hk2", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        db.clock.advance(Duration.ofMinutes(4));

        assertThat(store.reserve("hk1", 0, "t", Duration.ofMinutes(3))).isEmpty();
        assertThat(store.heldMiners()).contains("hk1").doesNotContain("hk2");
        assertThat(store.reserve("hk2", 0, "t", Duration.ofMinutes(3))).isPresent();
    }

    @EachDatabase
    void an_abandoned_pending_reservation_goes_to_the_recovery_sweep_at_once_and_still_holds_its_miner(TestDb db) {
        Store store = db.store;
        Reservation sent = store.reserve("hk1", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        assertThat(store.recordAllocateIntent(sent.token(), "u-1", "regkey-pem")).isTrue();
        assertThat(store.pendingReservations(true)).isEmpty();

        store.abandonPending(sent.token());

        assertThat(store.pendingReservations(true)).extracting(PendingReservation::token).containsExactly(sent.token());
        assertThat(store.heldMiners()).contains("hk1");
        assertThat(store.reserve("hk1", 0, "t", Duration.ofMinutes(3))).isEmpty();
    }

    @EachDatabase
    void an_idempotency_key_replays_its_allocation_and_rejects_a_different_request(TestDb db) {
        Store store = db.store;
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashA", CLAIM)).isInstanceOf(IdempotencyClaim.Claimed.class);
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashA", CLAIM)).isInstanceOf(IdempotencyClaim.InProgress.class);
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashB", CLAIM))
                .isInstanceOf(IdempotencyClaim.DifferentRequest.class);
        assertThat(store.claimIdempotencyKey("other-tenant", "key-1", "hashB", CLAIM))
                .isInstanceOf(IdempotencyClaim.Claimed.class);

        Reservation r = store.reserve("hk1", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        store.commitAllocation(r.token(), allocation("u-1", "hk1", "t", db.clock.instant()), "key-1", null);
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashA", CLAIM)).isEqualTo(new IdempotencyClaim.Replay("u-1"));

        assertThat(store.claimIdempotencyKey("t", "key-2", "h", CLAIM)).isInstanceOf(IdempotencyClaim.Claimed.class);
        store.releaseIdempotencyKey("t", "key-2");
        assertThat(store.claimIdempotencyKey("t", "key-2", "other", CLAIM)).isInstanceOf(IdempotencyClaim.Claimed.class);
    }

    @EachDatabase
    void an_idempotency_claim_left_by_a_request_that_died_ages_out(TestDb db) {
        Store store = db.store;
        // A request claims the key, then its process is killed: no release, no allocation bound.
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashA", CLAIM)).isInstanceOf(IdempotencyClaim.Claimed.class);
        db.clock.advance(CLAIM.minusSeconds(1));
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashA", CLAIM))
                .as("still within the longest a request can run").isInstanceOf(IdempotencyClaim.InProgress.class);
        db.clock.advance(Duration.ofSeconds(2));
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashA", CLAIM))
                .as("older than any request can run").isInstanceOf(IdempotencyClaim.Claimed.class);

        // A claim bound to its allocation never ages out: the key replays that allocation for good.
        Reservation r = store.reserve("hk1", 0, "t", Duration.ofMinutes(3)).orElseThrow();
        store.commitAllocation(r.token(), allocation("u-1", "hk1", "t", db.clock.instant()), "key-1", null);
        db.clock.advance(CLAIM.multipliedBy(10));
        assertThat(store.claimIdempotencyKey("t", "key-1", "hashA", CLAIM)).isEqualTo(new IdempotencyClaim.Replay("u-1"));
    }

    @EachDatabase
    void api_keys_resolve_to_their_tenant_by_hash(TestDb db) {
        Store store = db.store;
        Tenant acme = store.createTenant("acme", false);
        store.addApiKey(new ApiKeyRecord("hash-of-key", "cr_abcdefgh", acme.id(), db.clock.instant()));
        assertThat(store.findTenantByKeyHash("hash-of-key")).contains(acme);
        assertThat(store.findTenantByKeyHash("other")).isEmpty();
        assertThat(store.findTenantByName("acme")).contains(acme);
    }

    @EachDatabase
    void events_come_back_in_write_order_after_a_sequence_number(TestDb db) {
        Store store = db.store;
        for (int i = 1; i <= 3; i++) {
            Reservation r = store.reserve("hk" + i, 0, "t", Duration.ofMinutes(3)).orElseThrow();
            store.commitAllocation(r.token(), allocation("u-" + i, "hk" + i, "t", db.clock.instant()), null,
                    Event.of("allocation.created", "u-" + i, "{\"n\":" + i + "}"));
        }
        List<Event> all = store.eventsAfter(0, 10);
        assertThat(all).extracting(Event::allocationUuid).containsExactly("u-1", "u-2", "u-3");
        assertThat(store.eventsAfter(all.get(0).seq(), 10)).extracting(Event::allocationUuid)
                .containsExactly("u-2", "u-3");
    }
}
