package io.computeregister.bittensor.subtensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MetagraphRefresherTest {
    private static final String ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
    private static final Metagraph GOOD = new Metagraph(27, 5000, List.of(
            new Metagraph.Neuron(0, ALICE, BOB, "10.0.0.1", 8091, 1.0, true, true),
            new Metagraph.Neuron(1, BOB, ALICE, "10.0.0.2", 8091, 2.0, false, true)));

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(MetagraphRefresher.class);

    /** Test fake at the boundary: succeeds for the first {@code goodLoads} loads, then fails. */
    private static final class FlakySource implements MetagraphSource {
        final AtomicInteger loads = new AtomicInteger();
        final int goodLoads;
        final RuntimeException bug;

        FlakySource(int goodLoads, RuntimeException bug) {
            this.goodLoads = goodLoads;
            this.bug = bug;
        }

        @Override
        public Metagraph load() throws IOException {
            if (loads.incrementAndGet() <= goodLoads) {
                return GOOD;
            }
            if (bug != null) {
                throw bug;
            }
            throw new IOException("chain unreachable");
        }

        @Override
        public String describe() {
            return "flaky";
        }
    }

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
    }

    @Test
    void a_failed_refresh_keeps_the_last_good_metagraph_and_says_so_once() {
        ManualClock clock = new ManualClock();
        var refresher = new MetagraphRefresher(new FlakySource(1, null), Duration.ofMinutes(10), clock);

        assertThat(refresher.refreshNow()).isTrue();
        Instant loadedAt = clock.now;
        clock.now = clock.now.plusSeconds(600);
        assertThat(refresher.refreshNow()).isFalse();

        assertThat(refresher.current()).containsSame(GOOD);
        assertThat(refresher.byHotkey(BOB).orElseThrow().uid()).isEqualTo(1);
        assertThat(refresher.byUid(0).orElseThrow().hotkey()).isEqualTo(ALICE);
        assertThat(refresher.lastSuccess()).contains(loadedAt);
        assertThat(refresher.lastError()).contains("chain unreachable");
        assertThat(refresher.age()).contains(Duration.ofSeconds(600));
        assertThat(refresher.health()).isEqualTo(new MetagraphRefresher.Health(
                "flaky", false, 2, 5000, loadedAt, Duration.ofSeconds(600), "chain unreachable"));

        List<ILoggingEvent> warns = logs.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warns).hasSize(1);
        assertThat(warns.getFirst().getFormattedMessage())
                .contains("metagraph refresh from flaky failed: chain unreachable")
                .contains("keeping the metagraph loaded at 2026-11-25T10:00:00Z")
                .contains("600 s old");
    }

    @Test
    void health_is_ok_after_a_success_and_reports_nothing_loaded_before_the_first() {
        var refresher = new MetagraphRefresher(new FlakySource(0, null), Duration.ofMinutes(10));
        assertThat(refresher.current()).isEmpty();
        assertThat(refresher.refreshNow()).isFalse();
        assertThat(refresher.health().ok()).isFalse();
        assertThat(refresher.health().n()).isZero();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.endsWith("no metagraph loaded yet"));

        var healthy = new MetagraphRefresher(new FlakySource(5, null), Duration.ofMinutes(10));
        healthy.refreshNow();
        assertThat(healthy.health().ok()).isTrue();
        assertThat(healthy.health().lastError()).isNull();
    }

    @Test
    void refreshes_periodically_on_one_named_daemon_thread_and_survives_unexpected_exceptions() {
        var source = new FlakySource(1, new IllegalStateException("bug in a source"));
        try (var refresher = new MetagraphRefresher(source, Duration.ofMillis(20)).start()) {
            await().atMost(Duration.ofSeconds(5)).until(() -> source.loads.get() >= 4);

            assertThat(refresher.current()).containsSame(GOOD);
            assertThat(refresher.lastError()).contains("bug in a source");
            Thread worker = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals(MetagraphRefresher.THREAD_NAME))
                    .findFirst()
                    .orElseThrow();
            assertThat(worker.isDaemon()).isTrue();
        }
    }

    @Test
    void close_stops_the_refreshes() throws Exception {
        var source = new FlakySource(Integer.MAX_VALUE, null);
        var refresher = new MetagraphRefresher(source, Duration.ofMillis(10)).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> source.loads.get() >= 2);
        refresher.close();
        int after = source.loads.get();
        Thread.sleep(100);
        assertThat(source.loads.get()).isLessThanOrEqualTo(after + 1);
        assertThat(refresher.current()).containsSame(GOOD);
    }
}
