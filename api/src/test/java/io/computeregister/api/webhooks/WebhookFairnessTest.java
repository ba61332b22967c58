package io.computeregister.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.store.Tenant;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.TestDb;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * One tenant's endpoint is dead and has a large backlog; another tenant's endpoint is live. The live one must get its
 * deliveries on the next round, whether the dead one's rows are waiting for their retry time or due all at once.
 */
class WebhookFairnessTest {

    private static final int BACKLOG = 2_100;
    /** Nothing listens on port 1: every delivery there fails at once with "connection refused". */
    private static final String DEAD_URL = "http://127.0.0.1:1/hook";

    @EachDatabase
    void a_dead_endpoints_backed_off_backlog_does_not_hold_up_another_tenants_deliveries(TestDb db) {
        check(db, Duration.ofHours(1));
    }

    @EachDatabase
    void a_dead_endpoints_backlog_due_all_at_once_does_not_hold_up_another_tenants_deliveries(TestDb db) {
        check(db, Duration.ZERO);
    }

    private static void check(TestDb db, Duration deadRetryIn) {
        WebhookStore hooks = new WebhookStore(db.database, db.secrets, db.clock);
        Tenant deadTenant = db.store.createTenant("dead", false);
        Tenant liveTenant = db.store.createTenant("live", false);
        Webhook dead = hooks.create(deadTenant.id(), DEAD_URL, "dead-secret-0123456789", WebhookFormat.COMPUTE);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            hooks.create(liveTenant.id(), receiver.url(), "live-secret-0123456789", WebhookFormat.COMPUTE);
            backlog(db, hooks, dead, deadRetryIn);

            String uuid = allocate(db, liveTenant.id());
            try (WebhookDeliverer deliverer = new WebhookDeliverer(hooks, Duration.ofSeconds(2), Duration.ofSeconds(2),
                    Duration.ofMinutes(5), Duration.ofDays(3), WebhookTargets.ANY, db.clock)) {
                deliverer.runOnce();
            }

            assertThat(receiver.all()).singleElement()
                    .satisfies(r -> assertThat(r.json().path("allocation_uuid").asText()).isEqualTo(uuid));
            assertThat(hooks.stats(dead.id()).pending()).as("the dead endpoint's rows are still waiting")
                    .isEqualTo(BACKLOG);
        }
    }

    /**
     * {@value #BACKLOG} events of the dead tenant's allocations, already fanned out to its webhook and failed three
     * times each (as after a long outage), the next attempt {@code retryIn} from now.
     */
    private static void backlog(TestDb db, WebhookStore hooks, Webhook dead, Duration retryIn) {
        long now = db.clock.millis();
        db.database.jdbi().useTransaction(h -> {
            PreparedBatch events = h.prepareBatch(
                    "INSERT INTO events (type, allocation_uuid, payload, created_at) VALUES (:t, :u, '{}', :at)");
            for (int i = 0; i < BACKLOG; i++) {
                events.bind("t", "allocation.created").bind("u", UUID.randomUUID().toString()).bind("at", now).add();
            }
            events.execute();
            h.createUpdate("""
                            INSERT INTO webhook_deliveries (webhook_id, event_seq, order_key, attempts, next_attempt_at,
                                created_at, last_error)
                            SELECT :w, seq, allocation_uuid, 3, :next, :now, 'HTTP 503' FROM events""")
                    .bind("w", dead.id()).bind("next", now + retryIn.toMillis()).bind("now", now).execute();
            h.createUpdate("INSERT INTO webhook_fanout (event_seq) SELECT seq FROM events").execute();
        });
        assertThat(hooks.stats(dead.id()).pending()).isEqualTo(BACKLOG);
    }

    /** An allocation of the live tenant, committed as the allocation path commits one (its event in the same tx). */
    private static String allocate(TestDb db, String tenantId) {
        Reservation r = db.store.reserve("miner-live", 0, tenantId, Duration.ofMinutes(5)).orElseThrow();
        Instant now = db.clock.instant();
        String uuid = UUID.randomUUID().toString();
        AllocationRecord a = new AllocationRecord(uuid, "miner-live", tenantId, AllocationState.ACTIVE, "{}",
                "127.0.0.1", 4444, "root", "pw", "", "-----BEGIN PUBLIC KEY-----", 1, 1, now,
                now.plus(Duration.ofDays(1)), null, false);
        assertThat(db.store.commitAllocation(r.token(), a, null,
                Event.of("allocation.created", uuid, "{\"uuid\":\"" + uuid + "\"}"))).isTrue();
        return uuid;
    }
}
