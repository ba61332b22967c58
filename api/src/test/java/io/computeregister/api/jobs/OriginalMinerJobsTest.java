package io.computeregister.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.minerclient.OwnershipProbe;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.specs.WandbMinerSpecs;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.FakeMinerClient;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The background jobs on an original Python miner (specs published to W&amp;B, not answered): the health loop probes
 * it as discovery and check_miner_status do, {@code Allocate(checking=true, timeline=1)}, and never with the
 * ownership probe; and reconciliation does not close a paused allocation there, because the original miner answers
 * the ownership probe "no" for a paused container (docs/protocol.md §3.2). Our own miner keeps the ownership probe.
 * The miner clients are stand-ins: what is tested is which probe each job sends and what it makes of the answer.
 */
class OriginalMinerJobsTest {

    private static final String ORIGINAL = "hk-original";
    private static final String OURS = "hk-ours";

    private final List<String> ownershipProbes = new CopyOnWriteArrayList<>();
    private final FakeMinerClient liveness = new FakeMinerClient();

    private OwnershipProbe ownership(OwnershipProbe.Answer answer) {
        return (miner, regkey) -> {
            ownershipProbes.add(miner.hotkey());
            return answer;
        };
    }

    private static String allocate(TestDb db, String tenantId, String miner) {
        Reservation r = db.store.reserve(miner, 0, tenantId, Duration.ofMinutes(5)).orElseThrow();
        Instant now = db.clock.instant();
        String uuid = UUID.randomUUID().toString();
        AllocationRecord a = new AllocationRecord(uuid, miner, tenantId, AllocationState.ACTIVE, "{}", "127.0.0.1",
                4444, "root", "pw", "", "regkey-of-" + miner, 183, 1, now, now.plus(Duration.ofDays(1)), null, false);
        assertThat(db.store.commitAllocation(r.token(), a, null, Event.of("allocation.created", uuid,
                "{\"uuid\":\"" + uuid + "\",\"tenant_id\":\"" + tenantId + "\"}"))).isTrue();
        return uuid;
    }

    private MinerIndex fleet(TestDb db) {
        db.store.upsertMiner(Fixtures.miner(ORIGINAL).uid(1).specsSource(WandbMinerSpecs.NAME).build());
        db.store.upsertMiner(Fixtures.miner(OURS).uid(2).port(8092).build());
        MinerIndex index = new MinerIndex(db.store);
        index.refresh();
        return index;
    }

    @EachDatabase
    void the_health_loop_probes_an_original_miner_with_the_originals_liveness_probe(TestDb db) {
        MinerIndex index = fleet(db);
        String tenant = db.store.createTenant("acme", false).id();
        String onOriginal = allocate(db, tenant, ORIGINAL);
        allocate(db, tenant, OURS);
        liveness.containers.put(ORIGINAL, "regkey-of-" + ORIGINAL); // its one container runs: "status": false
        HealthLoop health = new HealthLoop(db.store, new HealthLedger(db.database, db.clock),
                ownership(new OwnershipProbe.Answer.Owned()), liveness, index, 2, Duration.ofSeconds(1), db.clock);

        HealthLoop.Round answered = health.runOnce();

        assertThat(answered.probed()).isEqualTo(2);
        assertThat(answered.wentDown()).isZero();
        assertThat(liveness.probes).containsExactly(ORIGINAL + " timeline=1");
        assertThat(ownershipProbes).as("our miner keeps the ownership probe").containsExactly(OURS);

        // No answer to the liveness probe is a miss; at the threshold the allocation and the miner go down.
        liveness.probeUnanswered.add(ORIGINAL);
        assertThat(health.runOnce().wentDown()).isZero();
        assertThat(health.runOnce().wentDown()).isEqualTo(1);
        assertThat(db.store.findMiner(ORIGINAL).orElseThrow().health()).isEqualTo(Health.DOWN);
        assertThat(db.store.findMiner(OURS).orElseThrow().health()).isEqualTo(Health.ONLINE);

        // Free ("status": true, e.g. the renter paused it) is an answer too: it comes back.
        liveness.probeUnanswered.remove(ORIGINAL);
        liveness.containers.remove(ORIGINAL);
        assertThat(health.runOnce().cameBack()).isEqualTo(1);
        assertThat(db.store.findMiner(ORIGINAL).orElseThrow().health()).isEqualTo(Health.ONLINE);
        assertThat(db.store.findAllocation(onOriginal).orElseThrow().state()).isEqualTo(AllocationState.ACTIVE);
    }

    @EachDatabase
    void reconciliation_keeps_a_paused_allocation_on_an_original_miner_that_answers_not_owned(TestDb db) {
        MinerIndex index = fleet(db);
        String tenant = db.store.createTenant("acme", false).id();
        String paused = allocate(db, tenant, ORIGINAL);
        String pausedOnOurs = allocate(db, tenant, OURS);
        for (String uuid : List.of(paused, pausedOnOurs)) {
            assertThat(db.store.setPaused(uuid, true, Event.of("allocation.paused", uuid, "{}"))).isTrue();
        }
        Reconciliation reconciliation = new Reconciliation(db.store, new HealthLedger(db.database, db.clock),
                ownership(new OwnershipProbe.Answer.NotOwned()), liveness, index, Duration.ofSeconds(1), db.clock);

        // Our miner answers "owned" for a paused container, so "not owned" there is evidence: closed after two.
        assertThat(reconciliation.runOnce()).isZero();
        assertThat(reconciliation.runOnce()).isEqualTo(1);
        assertThat(db.store.findAllocation(pausedOnOurs).orElseThrow().state()).isNotEqualTo(AllocationState.ACTIVE);
        for (int round = 0; round < 3; round++) reconciliation.runOnce();
        assertThat(db.store.findAllocation(paused).orElseThrow().state()).isEqualTo(AllocationState.ACTIVE);

        // Unpaused, "not owned" twice means the container is gone.
        assertThat(db.store.setPaused(paused, false, Event.of("allocation.unpaused", paused, "{}"))).isTrue();
        reconciliation.runOnce();
        assertThat(reconciliation.runOnce()).isEqualTo(1);
        assertThat(db.store.findAllocation(paused).orElseThrow().state()).isNotEqualTo(AllocationState.ACTIVE);
    }
}
