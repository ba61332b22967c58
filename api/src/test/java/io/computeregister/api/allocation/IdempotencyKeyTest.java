package io.computeregister.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key}s. A key is stored with a fingerprint of the request it was first used with, and keys never
 * expire: a client retrying after the API was upgraded must still get its allocation back, so the fingerprint of a
 * request is a stored format. It is SHA-256 of the endpoint, a newline and the validated request (defaults filled in,
 * the GPU type lowercased) as this JSON. A retry that arrives while the first request still works is told to wait.
 */
class IdempotencyKeyTest {

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
    void allocate_spec_is_fingerprinted_over_its_requirements_timeline_and_docker_requirement() throws Exception {
        var r = api.post("/service/allocate_spec", """
                {"requirements": {"cpu_count": "2", "gpu_type": "RTX", "gpu_size": 20.0, "timeline": 7},
                 "docker_requirement": {"ssh_key": "ssh-ed25519 AAAAk", "base_image": "img"}}""", renter, "key-1");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);

        assertThat(storedFingerprint("key-1")).isEqualTo(sha256("allocate_spec\n"
                + "{\"requirements\":"
                + "{\"cpu_count\":2,\"gpu_type\":\"rtx\",\"gpu_size_gb\":20,\"ram_gib\":1,\"disk_gib\":1},"
                + "\"timeline_days\":7,"
                + "\"docker\":{\"base_image\":\"img\",\"ssh_key\":\"ssh-ed25519 AAAAk\",\"volume_path\":\"/tmp\","
                + "\"dockerfile\":\"\"}}"));
    }

    @Test
    void allocate_hotkey_is_fingerprinted_over_its_hotkey_and_docker_requirement() throws Exception {
        var r = api.post("/service/allocate_hotkey?hotkey=hk-b&ssh_key=ssh-ed25519%20AAAAq",
                "{\"volume_path\": \"/d\"}", renter, "key-2");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);

        assertThat(storedFingerprint("key-2")).isEqualTo(sha256("allocate_hotkey\n"
                + "{\"hotkey\":\"hk-b\","
                + "\"docker\":{\"base_image\":\"ubuntu\",\"ssh_key\":\"ssh-ed25519 AAAAq\",\"volume_path\":\"/d\","
                + "\"dockerfile\":\"\"}}"));
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

    private String storedFingerprint(String key) {
        return db.database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT request_hash FROM idempotency_keys WHERE idem_key = :k")
                .bind("k", key).mapTo(String.class).one());
    }

    private static String sha256(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }
}
