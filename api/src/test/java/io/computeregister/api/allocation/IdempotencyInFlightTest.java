package io.computeregister.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A retry that arrives while the first request with its Idempotency-Key still works is told to wait, and the miner is
 * asked once.
 */
class IdempotencyInFlightTest {

    private TestDb db;
    private ApiHarness api;
    private String renter;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db);
        renter = api.renterKey("acme");
        api.addMiners(Fixtures.miner("hk-a").uid(1).build(), Fixtures.miner("hk-b").uid(2).build());
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    @Test
    void a_second_request_with_a_key_in_use_gets_409_and_the_first_one_allocates() {
        api.miners.allocateDelay = Duration.ofMillis(1000); // the first request is still at the miner
        CompletableFuture<ApiHarness.Reply> first = CompletableFuture.supplyAsync(
                () -> api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter, "same-key"));
        await().atMost(Duration.ofSeconds(10)).until(() -> api.miners.allocateCalls.get() == 1);

        var retry = api.post("/service/allocate_hotkey?hotkey=hk-a", null, renter, "same-key");

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.body().path("message").asText()).isEqualTo("Idempotency-Key in use");
        assertThat(first.join().status()).isEqualTo(200);
        assertThat(api.miners.allocateCalls.get()).isEqualTo(1);
    }
}
