package io.computeregister.bittensor.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.synapse.Echo;
import io.computeregister.bittensor.synapse.SynapseJson;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay protection that does not depend on what the caller claims or on the axon staying up: the freshness window for
 * every version, a capped widening by the (unsigned) timeout header, and nonces that survive a restart. Requests are
 * built as Python sends them and really signed (sr25519).
 */
class AxonReplayTest {
    private static final Keypair MINER = Keypair.fromSuri("//Bob");
    private static final Keypair VALIDATOR = Keypair.fromSuri("//Alice");

    @TempDir
    Path dir;

    private final AtomicInteger handled = new AtomicInteger();
    private final List<AxonServer> axons = new ArrayList<>();

    @AfterEach
    void stop() {
        axons.forEach(a -> a.stop(Duration.ZERO));
    }

    private AxonServer axon(NonceStore store) {
        AxonServer axon = AxonServer.builder(MINER).host("127.0.0.1").port(0).nonceStore(store).build()
                .attach(Echo.class, s -> { handled.incrementAndGet(); return s.reply("echo " + s.text()); })
                .start();
        axons.add(axon);
        return axon;
    }

    private static RawAxonRequest request(AxonServer axon, long nonce, String uuid) {
        return RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "x", nonce, uuid);
    }

    @Test
    void a_caller_claiming_an_old_version_still_gets_the_freshness_window() throws Exception {
        AxonServer axon = axon(NonceStore.MEMORY_ONLY);
        // Python skips the window below 7.2.0 (version 694 = 6.9.4), so a captured request replays there for ever.
        RawAxonRequest stale = request(axon, RawAxonRequest.nowNanos() - 60_000_000_000L, UUID.randomUUID().toString());
        stale.headers.put("bt_header_dendrite_version", "694");

        HttpResponse<String> resp = stale.send(axon.port());

        assertThat(resp.statusCode()).isEqualTo(401);
        assertThat(message(resp)).startsWith("Not Verified with error: Nonce is too old: acceptable delta is 16.00 s");
        assertThat(handled).hasValue(0);
    }

    @Test
    void a_huge_timeout_header_widens_the_window_by_at_most_the_default_timeout() throws Exception {
        AxonServer axon = axon(NonceStore.MEMORY_ONLY);
        RawAxonRequest old = request(axon, RawAxonRequest.nowNanos() - 60_000_000_000L, UUID.randomUUID().toString());
        old.headers.put("timeout", "3600.0"); // not covered by the signature: anyone can set it

        HttpResponse<String> resp = old.send(axon.port());

        assertThat(resp.statusCode()).isEqualTo(401);
        assertThat(message(resp)).startsWith("Not Verified with error: Nonce is too old: acceptable delta is 16.00 s");
        assertThat(handled).hasValue(0);
        // within the capped window the same header is fine
        RawAxonRequest recent = request(axon, RawAxonRequest.nowNanos() - 10_000_000_000L, UUID.randomUUID().toString());
        recent.headers.put("timeout", "3600.0");
        assertThat(recent.send(axon.port()).statusCode()).isEqualTo(200);
    }

    @Test
    void a_request_replayed_against_a_restarted_axon_is_refused_and_a_fresh_one_passes() throws Exception {
        Path nonces = dir.resolve("axon-nonces");
        AxonServer before = axon(NonceFile.open(nonces));
        String uuid = UUID.randomUUID().toString();
        RawAxonRequest accepted = request(before, RawAxonRequest.nowNanos(), uuid);
        assertThat(accepted.send(before.port()).statusCode()).isEqualTo(200);

        // The restart reads the file while the first process has not closed it: a crash, not a clean stop.
        AxonServer after = axon(NonceFile.open(nonces));
        HttpResponse<String> replay = accepted.send(after.port());

        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(message(replay)).isEqualTo("Not Verified with error: Nonce is too old, a newer one was last processed");
        assertThat(handled).hasValue(1);
        assertThat(request(after, RawAxonRequest.nowNanos(), uuid).send(after.port()).statusCode()).isEqualTo(200);
        assertThat(handled).hasValue(2);
    }

    private static String message(HttpResponse<String> resp) throws Exception {
        return SynapseJson.mapper().readTree(resp.body()).get("message").asText();
    }
}
