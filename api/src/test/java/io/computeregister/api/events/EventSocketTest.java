package io.computeregister.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket /connect: keepalive frames as the original, allocation events with seq, ?since=N replay. */
class EventSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDb db;
    private ApiHarness api;
    private String acme;
    private String globex;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db, Duration.ofMillis(400));
        acme = api.renterKey("acme");
        globex = api.renterKey("globex");
        api.addMiners(Fixtures.miner("hk-a").uid(1).build(), Fixtures.miner("hk-b").uid(2).build());
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    /** Collects the frames one connection receives. */
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

        List<JsonNode> events() {
            return frames.stream().filter(f -> f.path("type").asText().equals("event")).toList();
        }

        long keepalives() {
            return frames.stream().filter(f -> f.path("type").asText().equals("keepalive")).count();
        }
    }

    private WebSocket connect(String key, String query, Frames frames) {
        return HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + key)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/connect" + query), frames)
                .join();
    }

    private String allocate(String hotkey, String key) {
        var r = api.post("/service/allocate_hotkey?hotkey=" + hotkey, null, key);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().path("data").path("uuid_key").asText();
    }

    @Test
    void keepalive_comes_at_once_and_then_periodically_in_the_original_shape() {
        Frames frames = new Frames();
        WebSocket ws = connect(acme, "", frames);
        await().atMost(Duration.ofSeconds(5)).until(() -> frames.keepalives() >= 3);
        JsonNode first = frames.frames.get(0);
        assertThat(first.path("type").asText()).isEqualTo("keepalive");
        assertThat(first.path("payload").path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        // the original's key order, in every run (the frame was a Map.of, whose order changes from JVM to JVM)
        assertThat(first.toString()).startsWith("{\"type\":\"keepalive\",\"payload\":{\"time\":\"");
        ws.abort();
    }

    @Test
    void allocation_events_stream_live_and_a_renter_sees_only_its_own() {
        Frames mine = new Frames();
        Frames theirs = new Frames();
        WebSocket a = connect(acme, "", mine);
        WebSocket b = connect(globex, "", theirs);
        await().until(() -> mine.keepalives() >= 1 && theirs.keepalives() >= 1);
        String uuid = allocate("hk-a", acme);
        api.post("/service/pause_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        await().atMost(Duration.ofSeconds(5)).until(() -> mine.events().size() >= 2);
        List<JsonNode> events = mine.events();
        assertThat(events.get(0).path("payload").path("event").asText()).isEqualTo("allocation.created");
        assertThat(events.get(0).toString()).startsWith("{\"type\":\"event\",\"payload\":{\"seq\":");
        assertThat(events.get(0).path("payload").properties()).extracting(Map.Entry::getKey)
                .containsExactly("seq", "event", "allocation_uuid", "time", "data");
        assertThat(events.get(1).path("payload").path("event").asText()).isEqualTo("allocation.paused");
        assertThat(events.get(1).path("payload").path("allocation_uuid").asText()).isEqualTo(uuid);
        assertThat(events.get(1).path("payload").path("seq").asLong())
                .isGreaterThan(events.get(0).path("payload").path("seq").asLong());
        assertThat(events.get(0).toString()).doesNotContain("password");
        await().pollDelay(Duration.ofMillis(600)).until(() -> true);
        assertThat(theirs.events()).isEmpty();
        a.abort();
        b.abort();
    }

    @Test
    void a_client_reconnecting_with_since_receives_what_it_missed_in_order() {
        Frames first = new Frames();
        WebSocket ws = connect(acme, "", first);
        String uuid = allocate("hk-a", acme);
        await().until(() -> first.events().size() >= 1);
        long seen = first.events().get(0).path("payload").path("seq").asLong();
        ws.abort();
        // while disconnected
        api.post("/service/pause_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        api.post("/service/unpause_docker?hotkey=hk-a&uuid_key=" + uuid, null, acme);
        Frames again = new Frames();
        WebSocket back = connect(acme, "?since=" + seen, again);
        await().atMost(Duration.ofSeconds(5)).until(() -> again.events().size() >= 2);
        assertThat(again.events()).extracting(e -> e.path("payload").path("event").asText())
                .containsExactly("allocation.paused", "allocation.unpaused");
        Frames all = new Frames();
        WebSocket fromStart = connect(acme, "?since=0", all);
        await().atMost(Duration.ofSeconds(5)).until(() -> all.events().size() >= 3);
        back.abort();
        fromStart.abort();
    }

    @Test
    void the_upgrade_needs_a_key_and_a_numeric_since() {
        var noKey = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/connect"), new Frames());
        assertThat(noKey).failsWithin(Duration.ofSeconds(5));
        var badSince = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + acme)
                .buildAsync(URI.create("ws://127.0.0.1:" + api.port + "/connect?since=-1"), new Frames());
        assertThat(badSince).failsWithin(Duration.ofSeconds(5));
    }
}
