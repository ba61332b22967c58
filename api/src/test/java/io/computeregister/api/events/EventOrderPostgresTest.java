package io.computeregister.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.api.store.Event;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.TestDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL hands out an event's seq at insert, but transactions commit in any order: a lower seq can become visible
 * after a higher one. A {@code /connect} client must still get every event exactly once and in seq order, so that the
 * highest seq it saw is a correct {@code ?since=N} to resume from.
 */
class EventOrderPostgresTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDb db;
    private ApiHarness api;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.POSTGRES);
        api = new ApiHarness(db, Duration.ofMillis(300));
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    /** Collects the frames of one connection. */
    private static final class Frames implements WebSocket.Listener {
        final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    frames.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        List<Long> seqs() {
            return frames.stream().filter(f -> f.path("type").asText().equals("event"))
                    .map(f -> f.path("payload").path("seq").asLong()).toList();
        }

        long keepalives() {
            return frames.stream().filter(f -> f.path("type").asText().equals("keepalive")).count();
        }
    }

    private WebSocket connect(String query, Frames frames) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + ApiHarness.ADMIN_KEY)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/connect" + query), frames)
                .join();
    }

    /** Inserts an event in an open transaction of {@code h} (not committed) and returns its seq. */
    private long insertEvent(Handle h, String type) {
        h.createUpdate("INSERT INTO events (type, allocation_uuid, payload, created_at) VALUES (:t, NULL, '{}', :at)")
                .bind("t", type).bind("at", db.clock.millis()).execute();
        return h.createQuery("SELECT currval(pg_get_serial_sequence('events', 'seq'))").mapTo(Long.class).one();
    }

    /** Lets the hub run several ticks (it polls every 200 ms and is woken by nothing here). */
    private static void severalTicksPass(Frames frames) {
        long before = frames.keepalives();
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.keepalives() >= before + 2);
    }

    @Test
    void an_event_committed_after_a_higher_seq_still_reaches_every_client_once_and_in_seq_order() {
        Frames live = new Frames();
        WebSocket liveWs = connect("", live);
        await().until(() -> live.keepalives() >= 1);

        try (Handle first = db.database.jdbi().open(); Handle second = db.database.jdbi().open()) {
            first.begin();
            long earlier = insertEvent(first, "test.earlier");
            second.begin();
            long later = insertEvent(second, "test.later");
            assertThat(later).isGreaterThan(earlier);
            second.commit(); // the higher seq is visible first

            Frames replaying = new Frames();
            WebSocket replayWs = connect("?since=" + (earlier - 1), replaying);
            severalTicksPass(live);
            severalTicksPass(replaying);
            // Sending `later` now would put it before `earlier`, and a client resuming from the highest seq it saw
            // would never get `earlier`.
            assertThat(live.seqs()).isEmpty();
            assertThat(replaying.seqs()).isEmpty();

            first.commit();
            await().atMost(Duration.ofSeconds(5)).until(() -> live.seqs().size() >= 2 && replaying.seqs().size() >= 2);
            severalTicksPass(live);
            assertThat(live.seqs()).containsExactly(earlier, later);
            assertThat(replaying.seqs()).containsExactly(earlier, later);
            replayWs.abort();

            // Resuming from the highest seq seen before `earlier` committed (none) recovers both.
            Frames resumed = new Frames();
            WebSocket resumedWs = connect("?since=" + (earlier - 1), resumed);
            await().atMost(Duration.ofSeconds(5)).until(() -> resumed.seqs().size() >= 2);
            assertThat(resumed.seqs()).containsExactly(earlier, later);
            resumedWs.abort();
        }
        liveWs.abort();
    }

    @Test
    void a_seq_whose_transaction_rolled_back_holds_later_events_only_until_it_is_older_than_the_commit_lag() {
        Frames live = new Frames();
        WebSocket ws = connect("", live);
        await().until(() -> live.keepalives() >= 1);
        long later;
        try (Handle lost = db.database.jdbi().open(); Handle kept = db.database.jdbi().open()) {
            lost.begin();
            insertEvent(lost, "test.lost");
            kept.begin();
            later = insertEvent(kept, "test.kept");
            kept.commit();
            lost.rollback(); // its seq is gone for good: a gap that never fills
        }
        severalTicksPass(live);
        assertThat(live.seqs()).isEmpty();

        db.clock.advance(Event.COMMIT_LAG.plusSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> !live.seqs().isEmpty());
        assertThat(live.seqs()).containsExactly(later);
        ws.abort();
    }
}
