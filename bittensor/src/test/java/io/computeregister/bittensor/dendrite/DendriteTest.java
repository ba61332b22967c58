package io.computeregister.bittensor.dendrite;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.synapse.Echo;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class DendriteTest {
    private static final Keypair ALICE = Keypair.fromSuri("//Alice");
    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

    @Test
    void nonces_are_wall_clock_nanoseconds_and_strictly_increasing_even_when_the_clock_stands_still()
            throws Exception {
        Instant frozen = Instant.parse("2026-01-01T00:00:00Z");
        try (Dendrite d = Dendrite.builder(ALICE).clock(InstantSource.fixed(frozen)).build()) {
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (int t = 0; t < 4; t++) {
                    pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 1000; i++) seen.add(d.nextNonce());
                        return null;
                    });
                }
                go.countDown();
            }
            assertThat(seen).hasSize(4000);
            long base = frozen.getEpochSecond() * 1_000_000_000L;
            assertThat(seen.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(base);
        }
    }

    @Test
    void the_uuid_is_a_version_1_uuid_fixed_for_the_dendrite() {
        try (Dendrite a = Dendrite.create(ALICE); Dendrite b = Dendrite.create(ALICE)) {
            assertThat(UUID.fromString(a.uuid()).version()).isEqualTo(1);
            assertThat(UUID.fromString(a.uuid()).variant()).isEqualTo(2);
            assertThat(a.uuid()).isEqualTo(a.uuid()).isNotEqualTo(b.uuid());
            assertThat(a.hotkey()).isEqualTo(ALICE.ss58Address());
        }
    }

    @Test
    void with_a_uuid_per_call_concurrent_calls_to_one_axon_never_reject_each_others_nonces() throws Exception {
        Keypair miner = Keypair.fromSuri("//Bob");
        Set<String> uuids = ConcurrentHashMap.newKeySet();
        // The handler waits a little at random, so requests overtake each other on the way in and out.
        io.computeregister.bittensor.axon.AxonServer axon = io.computeregister.bittensor.axon.AxonServer.builder(miner)
                .host("127.0.0.1").port(0).build()
                .attach(Echo.class, e -> {
                    uuids.add(e.dendrite().uuid());
                    try {
                        Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(20));
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    return e.reply("ok");
                })
                .start();
        try (Dendrite d = Dendrite.builder(ALICE).uuidPerCall().build()) {
            AxonTarget target = new AxonTarget("127.0.0.1", axon.port(), miner.ss58Address());
            List<java.util.concurrent.CompletableFuture<DendriteResponse<Echo>>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) calls.add(d.call(target, new Echo("n" + i), Duration.ofSeconds(10)));
            for (var c : calls) assertThat(c.get().statusCode()).as(c.get().toString()).isEqualTo(200);
            assertThat(uuids).hasSize(50);
            assertThat(uuids).doesNotContain(d.uuid());
        } finally {
            axon.stop(Duration.ZERO);
        }
    }

    @Test
    void a_refused_connection_is_a_503_response_not_an_exception() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Echo request = new Echo("anyone there?");
        try (Dendrite d = Dendrite.create(ALICE)) {
            DendriteResponse<Echo> r = d.callBlocking(new AxonTarget("127.0.0.1", closedPort, BOB), request,
                    Duration.ofSeconds(5));
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.statusMessage()).isEqualTo("Service unavailable at 127.0.0.1:" + closedPort + "/Echo");
            assertThat(r.synapse()).isNotSameAs(request);
            assertThat(r.synapse().text()).isEqualTo("anyone there?");
            assertThat(r.synapse().reply()).isEmpty();
            assertThat(r.synapse().dendrite().statusCode()).isEqualTo(503);
        }
        // the caller's synapse is untouched
        assertThat(request.dendrite().nonce()).isNull();
        assertThat(request.timeout()).isEqualTo(12.0);
    }

    @Test
    void an_axon_that_accepts_but_never_answers_gives_408_within_the_timeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0); Dendrite d = Dendrite.create(ALICE)) {
            long t0 = System.nanoTime();
            List<DendriteResponse<Echo>> rs = d.callAll(List.of(
                            new AxonTarget("127.0.0.1", silent.getLocalPort(), BOB),
                            new AxonTarget("127.0.0.1", silent.getLocalPort(), BOB)),
                    new Echo("hello?"), Duration.ofMillis(300)).join();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(rs).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(408);
                assertThat(r.statusMessage()).isEqualTo("Request timeout after 0.3 seconds");
            });
            assertThat(ms).isLessThan(1_500);
        }
    }
}
