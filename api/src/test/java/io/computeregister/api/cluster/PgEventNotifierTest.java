package io.computeregister.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.api.store.Database;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** LISTEN/NOTIFY through the events trigger (migration V42): committed events are announced, rolled-back ones never. */
class PgEventNotifierTest {

    @Test
    void a_committed_event_is_announced_with_its_seq_and_a_rolled_back_one_is_not() {
        String url = EmbeddedPg.newDatabaseUrl();
        try (Database db = Database.open(url, EmbeddedPg.USER, EmbeddedPg.PASSWORD);
             PgEventNotifier notifier = new PgEventNotifier(
                     new PgConnector(url, EmbeddedPg.USER, EmbeddedPg.PASSWORD), Duration.ofMillis(500))) {
            List<Long> heard = new CopyOnWriteArrayList<>();
            notifier.subscribe(heard::add).start();
            await().atMost(Duration.ofSeconds(10)).until(notifier::isListening);

            try {
                db.jdbi().useTransaction(h -> {
                    insert(h);
                    throw new IllegalStateException("roll back");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            long seq = db.jdbi().inTransaction(h -> {
                insert(h);
                return h.createQuery("SELECT MAX(seq) FROM events").mapTo(Long.class).one();
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains(seq));
            assertThat(heard).containsExactly(seq);
        }
    }

    private static void insert(org.jdbi.v3.core.Handle h) {
        h.createUpdate("INSERT INTO events (type, allocation_uuid, payload, created_at) VALUES ('t', 'u', '{}', 0)")
                .execute();
    }
}
