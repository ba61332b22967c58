package io.computeregister.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The advisory-lock election on a real PostgreSQL: one leader, and a leader whose session dies loses the role. */
class PgAdvisoryLeaderTest {

    @Test
    void one_of_two_candidates_leads_and_a_killed_session_hands_leadership_to_the_other() throws Exception {
        String url = EmbeddedPg.newDatabaseUrl();
        PgConnector connector = new PgConnector(url, EmbeddedPg.USER, EmbeddedPg.PASSWORD);
        try (PgAdvisoryLeader a = new PgAdvisoryLeader(connector, Duration.ofMillis(500)).start();
             PgAdvisoryLeader b = new PgAdvisoryLeader(connector, Duration.ofMillis(500)).start();
             Connection admin = connector.open()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.isLeader() || b.isLeader());
            Thread.sleep(1500); // several more attempts by the other: still exactly one leader
            assertThat(a.isLeader()).isNotEqualTo(b.isLeader());
            PgAdvisoryLeader leader = a.isLeader() ? a : b;
            PgAdvisoryLeader other = leader == a ? b : a;

            // The leader's database session is killed under it (as a crashed host or a DBA would): it must notice and
            // step down, and the other candidate must take the lock.
            int killed = 0;
            try (ResultSet rs = admin.createStatement().executeQuery("""
                    SELECT pg_terminate_backend(pid) FROM pg_locks
                    WHERE locktype = 'advisory' AND granted
                      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())""")) {
                while (rs.next()) if (rs.getBoolean(1)) killed++;
            }
            assertThat(killed).isEqualTo(1);
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(15)).until(other::isLeader);
            await().atMost(Duration.ofSeconds(5)).until(() -> !leader.isLeader());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
            Thread.sleep(1500); // the old leader reconnects as a candidate and stays a follower
            assertThat(leader.isLeader()).isFalse();
            assertThat(other.isLeader()).isTrue();
        }
    }

    @Test
    void a_listener_registered_after_the_election_is_won_still_runs_once() throws Exception {
        // The jobs register their "run now" listener after the election thread has started: winning just before the
        // registration must not leave the leader-only jobs waiting a whole period (it once left discovery idle).
        String url = EmbeddedPg.newDatabaseUrl();
        PgConnector connector = new PgConnector(url, EmbeddedPg.USER, EmbeddedPg.PASSWORD);
        try (PgAdvisoryLeader leader = new PgAdvisoryLeader(connector, Duration.ofMillis(500)).start()) {
            await().atMost(Duration.ofSeconds(10)).until(leader::isLeader);
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            leader.onElected(calls::incrementAndGet);
            Thread.sleep(1200); // further checks while leader must not call it again
            assertThat(calls.get()).isEqualTo(1);
        }
    }
}
