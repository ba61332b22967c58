package io.computeregister.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.minerclient.OwnershipProbe;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.store.SecretBox;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.FakeMinerClient;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import io.computeregister.api.webhooks.Webhook;
import io.computeregister.api.webhooks.WebhookDeliverer;
import io.computeregister.api.webhooks.WebhookFormat;
import io.computeregister.api.webhooks.WebhookReceiver;
import io.computeregister.api.webhooks.WebhookStore;
import io.computeregister.api.webhooks.WebhookTargets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A replica once ran with another {@code COMPUTE_SECRET_KEY} and wrote an allocation (and a webhook) whose secrets
 * this process cannot decrypt. The background jobs must still do their whole round: the health loop, lease expiry and
 * reconciliation need no password, and webhook delivery skips only the webhook whose signing secret it cannot open.
 * The probe and the miner client are stand-ins: what is tested is how the jobs read the store.
 */
class RowsSealedWithAnotherKeyTest {

    private static Store replicaWithAnotherKey(TestDb db) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new JdbiStore(db.database, new SecretBox(key), db.clock);
    }

    private static String allocate(Store store, TestDb db, String tenantId, String miner) {
        Reservation r = store.reserve(miner, 0, tenantId, Duration.ofMinutes(5)).orElseThrow();
        Instant now = db.clock.instant();
        String uuid = UUID.randomUUID().toString();
        AllocationRecord a = new AllocationRecord(uuid, miner, tenantId, AllocationState.ACTIVE, "{}", "127.0.0.1",
                4444, "root", "pw-" + uuid.substring(0, 8), "", "regkey-of-" + miner, 1, 1, now,
                now.plus(Duration.ofDays(1)), null, false);
        assertThat(store.commitAllocation(r.token(), a, null,
                Event.of("allocation.created", uuid, "{\"uuid\":\"" + uuid + "\",\"tenant_id\":\"" + tenantId
                        + "\"}"))).isTrue();
        return uuid;
    }

    private record Fleet(MinerIndex index, String ours, String foreign) {}

    /** Two miners, one allocation on each: one sealed with this process's key, one with another replica's. */
    private static Fleet fleet(TestDb db, Tenant tenant) {
        db.store.upsertMiner(Fixtures.miner("hk-ours").uid(1).build());
        db.store.upsertMiner(Fixtures.miner("hk-foreign").uid(2).build());
        MinerIndex index = new MinerIndex(db.store);
        index.refresh();
        String ours = allocate(db.store, db, tenant.id(), "hk-ours");
        String foreign = allocate(replicaWithAnotherKey(db), db, tenant.id(), "hk-foreign");
        return new Fleet(index, ours, foreign);
    }

    @EachDatabase
    void the_health_loop_probes_every_allocation_in_its_round(TestDb db) {
        Fleet f = fleet(db, db.store.createTenant("acme", false));
        OwnershipProbe silent = (miner, regkey) -> new OwnershipProbe.Answer.Unreachable("no answer");
        HealthLoop health = new HealthLoop(db.store, new HealthLedger(db.database, db.clock), silent,
                new FakeMinerClient(), f.index(), 1,
                Duration.ofSeconds(1), db.clock);

        HealthLoop.Round round = health.runOnce();

        assertThat(round.probed()).isEqualTo(2);
        assertThat(round.wentDown()).isEqualTo(2);
        assertThat(db.store.eventsAfter(0, 100)).filteredOn(e -> e.type().equals(AllocationEvents.DOWN))
                .extracting(Event::allocationUuid).containsExactlyInAnyOrder(f.ours(), f.foreign());
    }

    @EachDatabase
    void lease_expiry_ends_every_allocation_past_its_timeline(TestDb db) {
        Fleet f = fleet(db, db.store.createTenant("acme", false));
        FakeMinerClient miners = new FakeMinerClient();
        OwnershipProbe gone = (miner, regkey) -> new OwnershipProbe.Answer.NotOwned();
        LeaseExpiry expiry = new LeaseExpiry(db.store, miners, gone, f.index(), Duration.ofSeconds(1), db.clock);
        db.clock.advance(Duration.ofDays(2));

        assertThat(expiry.runOnce()).isEqualTo(2);

        assertThat(miners.deallocateCalls).hasValue(2);
        for (String uuid : new String[] {f.ours(), f.foreign()}) {
            assertThat(db.store.eventsAfter(0, 100)).filteredOn(e -> uuid.equals(e.allocationUuid()))
                    .extracting(Event::type).containsExactly("allocation.created", AllocationEvents.EXPIRED);
        }
        assertThat(db.store.listActiveAllocationsRedacted(null)).isEmpty();
    }

    @EachDatabase
    void reconciliation_closes_every_allocation_its_miner_no_longer_holds(TestDb db) {
        Fleet f = fleet(db, db.store.createTenant("acme", false));
        OwnershipProbe gone = (miner, regkey) -> new OwnershipProbe.Answer.NotOwned();
        Reconciliation reconciliation = new Reconciliation(db.store, new HealthLedger(db.database, db.clock), gone,
                new FakeMinerClient(), f.index(), Duration.ofSeconds(1), db.clock);

        assertThat(reconciliation.runOnce()).isZero(); // one "not owned" answer is not enough
        assertThat(reconciliation.runOnce()).isEqualTo(2);

        assertThat(db.store.listActiveAllocationsRedacted(null)).isEmpty();
    }

    @EachDatabase
    void webhook_delivery_skips_only_the_webhook_whose_secret_it_cannot_open(TestDb db) {
        Tenant acme = db.store.createTenant("acme", false);
        Tenant globex = db.store.createTenant("globex", false);
        WebhookStore hooks = new WebhookStore(db.database, db.secrets, db.clock);
        byte[] otherKey = new byte[32];
        new SecureRandom().nextBytes(otherKey);
        WebhookStore foreignHooks = new WebhookStore(db.database, new SecretBox(otherKey), db.clock);
        try (WebhookReceiver ours = new WebhookReceiver(); WebhookReceiver foreign = new WebhookReceiver()) {
            // The foreign webhook is registered first, so its rows come first in every round.
            Webhook unreadable = foreignHooks.create(globex.id(), foreign.url(), "globex-secret-0123456789",
                    WebhookFormat.COMPUTE);
            hooks.create(acme.id(), ours.url(), "acme-secret-0123456789", WebhookFormat.COMPUTE);
            db.store.upsertMiner(Fixtures.miner("hk-a").build());
            db.store.upsertMiner(Fixtures.miner("hk-g").build());
            allocate(db.store, db, globex.id(), "hk-g");
            String mine = allocate(db.store, db, acme.id(), "hk-a");

            try (WebhookDeliverer deliverer = new WebhookDeliverer(hooks, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofDays(3), WebhookTargets.ANY, db.clock)) {
                WebhookDeliverer.Round round = deliverer.runOnce();
                assertThat(round.delivered()).isEqualTo(1);
                deliverer.runOnce(); // again: the skipped webhook still does not stop the round
            }

            assertThat(ours.all()).singleElement()
                    .satisfies(r -> assertThat(r.json().path("allocation_uuid").asText()).isEqualTo(mine));
            assertThat(foreign.all()).isEmpty();
            assertThat(hooks.stats(unreadable.id()).pending()).as("kept for a process with the right key")
                    .isEqualTo(1);
        }
    }
}
