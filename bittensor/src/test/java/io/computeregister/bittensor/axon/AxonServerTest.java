package io.computeregister.bittensor.axon;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.bittensor.synapse.Echo;
import io.computeregister.bittensor.synapse.SynapseJson;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real axon on a free port, called by our dendrite and by hand-built Python-format requests. */
class AxonServerTest {
    private static final Keypair MINER = Keypair.fromSuri("//Bob");
    private static final Keypair VALIDATOR = Keypair.fromSuri("//Alice");
    private static final Keypair BANNED = Keypair.fromSuri("//Eve");

    private final AtomicInteger handled = new AtomicInteger();
    private final CopyOnWriteArrayList<Echo> seen = new CopyOnWriteArrayList<>();
    private AxonServer axon;
    private Dendrite dendrite;

    @BeforeEach
    void start() {
        axon = AxonServer.builder(MINER).host("127.0.0.1").port(0).build()
                .attach(Echo.class, this::echo,
                        r -> r.dendrite().hotkey().equals(BANNED.ss58Address())
                                ? BlacklistHook.Verdict.block("on the exploiter list")
                                : BlacklistHook.Verdict.allow("ok"),
                        r -> 1.0)
                .attach(Echo.Hashed.class, s -> { handled.incrementAndGet(); s.reply("hashed " + s.text()); return s; })
                .start();
        dendrite = Dendrite.builder(VALIDATOR).externalIp("198.51.100.7").build();
    }

    private Echo echo(Echo s) {
        handled.incrementAndGet();
        seen.add(s);
        if (s.text().equals("boom")) throw new IllegalStateException("secret internals");
        if (s.text().equals("slow")) sleep(3_000);
        return s.reply("echo " + s.text());
    }

    @AfterEach
    void stop() {
        dendrite.close();
        axon.stop(Duration.ofSeconds(1));
    }

    private AxonTarget target() {
        return new AxonTarget("127.0.0.1", axon.port(), MINER.ss58Address());
    }

    @Test
    void our_dendrite_calls_our_axon_and_gets_the_handlers_reply() {
        DendriteResponse<Echo> r = dendrite.callBlocking(target(), new Echo("hello"), Duration.ofSeconds(5));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.statusMessage()).isEqualTo("Success");
        assertThat(r.synapse().reply()).isEqualTo("echo hello");
        assertThat(r.synapse().axon().statusCode()).isEqualTo(200);
        assertThat(r.synapse().axon().processTime()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(r.synapse().dendrite().statusCode()).isEqualTo(200);
        // the handler saw the verified caller and its TCP address
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.dendrite().hotkey()).isEqualTo(VALIDATOR.ss58Address());
            assertThat(s.dendrite().ip()).isEqualTo("127.0.0.1");
            assertThat(s.dendrite().uuid()).isEqualTo(dendrite.uuid());
        });
    }

    @Test
    void consecutive_calls_from_one_dendrite_all_pass_the_nonce_check() {
        for (int i = 0; i < 5; i++) {
            assertThat(dendrite.callBlocking(target(), new Echo("n" + i), Duration.ofSeconds(5)).synapse().reply())
                    .isEqualTo("echo n" + i);
        }
    }

    @Test
    void a_python_format_request_is_accepted_and_answered_with_python_headers() throws Exception {
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "raw",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        HttpResponse<String> resp = req.send(axon.port());

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(SynapseJson.mapper().readTree(resp.body()).get("reply").asText()).isEqualTo("echo raw");
        // Python's from_headers matches these names case-sensitively, so the case must survive.
        assertThat(resp.headers().map().keySet()).contains("bt_header_axon_status_code", "bt_header_axon_status_message",
                "bt_header_axon_process_time", "bt_header_dendrite_hotkey", "computed_body_hash", "name", "timeout");
        assertThat(resp.headers().firstValue("bt_header_axon_status_code")).hasValue("200");
        assertThat(resp.headers().firstValue("bt_header_axon_status_message")).hasValue("Success");
    }

    @Test
    void a_tampered_signature_is_refused_401_before_the_handler() throws Exception {
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "x",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        String sig = req.headers.get("bt_header_dendrite_signature");
        req.headers.put("bt_header_dendrite_signature", sig.substring(0, 10) + (sig.charAt(10) == '0' ? '1' : '0')
                + sig.substring(11));

        HttpResponse<String> resp = req.send(axon.port());
        assertThat(resp.statusCode()).isEqualTo(401);
        assertThat(message(resp)).startsWith("Not Verified with error: Signature mismatch with ");
        assertThat(resp.headers().firstValue("bt_header_axon_status_code")).hasValue("401");
        assertThat(handled).hasValue(0);
    }

    @Test
    void a_request_signed_for_another_axon_is_refused_401() throws Exception {
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, VALIDATOR.ss58Address(), axon.port(), "x",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        assertThat(req.send(axon.port()).statusCode()).isEqualTo(401);
        assertThat(handled).hasValue(0);
    }

    @Test
    void a_replayed_nonce_is_refused_401_and_the_handler_runs_once() throws Exception {
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "x",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        assertThat(req.send(axon.port()).statusCode()).isEqualTo(200);

        HttpResponse<String> replay = req.send(axon.port());
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(message(replay)).isEqualTo("Not Verified with error: Nonce is too old, a newer one was last processed");
        assertThat(handled).hasValue(1);
    }

    @Test
    void a_stale_first_nonce_outside_the_window_is_refused_401() throws Exception {
        long staleNonce = RawAxonRequest.nowNanos() - 20_000_000_000L; // 20 s old; window = 4 s + 12 s timeout
        HttpResponse<String> resp = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "x", staleNonce,
                UUID.randomUUID().toString()).send(axon.port());
        assertThat(resp.statusCode()).isEqualTo(401);
        assertThat(message(resp)).startsWith("Not Verified with error: Nonce is too old: acceptable delta is 16.00 seconds");
        assertThat(handled).hasValue(0);
    }

    @Test
    void a_body_that_does_not_match_the_signed_body_hash_is_refused_500() throws Exception {
        // Echo.Hashed covers "text": the signature and header hash are for "hello", the body says "HACKED".
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "HACKED",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        req.synapse = "Hashed";
        req.headers.put("name", "Hashed");
        String helloHash = io.computeregister.bittensor.synapse.BodyHash.of(new Echo.Hashed("hello"));
        req.headers.put("computed_body_hash", helloHash);
        long nonce = Long.parseLong(req.headers.get("bt_header_dendrite_nonce"));
        req.headers.put("bt_header_dendrite_signature", io.computeregister.bittensor.synapse.RequestSignature.sign(
                VALIDATOR, io.computeregister.bittensor.synapse.RequestSignature.message(nonce, VALIDATOR.ss58Address(),
                        MINER.ss58Address(), req.headers.get("bt_header_dendrite_uuid"), helloHash)));

        HttpResponse<String> resp = req.send(axon.port());
        assertThat(resp.statusCode()).isEqualTo(500);
        assertThat(message(resp)).startsWith("Hash mismatch between header body hash " + helloHash);
        assertThat(handled).hasValue(0);

        // the honest version of the same call goes through
        DendriteResponse<Echo.Hashed> ok = dendrite.callBlocking(target(), new Echo.Hashed("hello"), Duration.ofSeconds(5));
        assertThat(ok.synapse().reply()).isEqualTo("hashed hello");
    }

    @Test
    void an_unknown_synapse_is_refused_404_listing_the_attached_ones() throws Exception {
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "x",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        req.synapse = "Allocate";
        HttpResponse<String> resp = req.send(axon.port());
        assertThat(resp.statusCode()).isEqualTo(404);
        assertThat(message(resp)).startsWith("Synapse name 'Allocate' not found. Available synapses [")
                .contains("'Echo'", "'Hashed'");
        assertThat(handled).hasValue(0);
    }

    @Test
    void a_blacklisted_hotkey_is_refused_403_with_the_reason_even_when_correctly_signed() {
        try (Dendrite eve = Dendrite.create(BANNED)) {
            DendriteResponse<Echo> r = eve.callBlocking(target(), new Echo("let me in"), Duration.ofSeconds(5));
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(r.statusMessage()).isEqualTo("Forbidden. Key is blacklisted: on the exploiter list.");
            assertThat(r.synapse().reply()).isEmpty();
        }
        assertThat(handled).hasValue(0);
    }

    @Test
    void a_malformed_number_header_is_refused_400_naming_it() throws Exception {
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "x",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        req.headers.put("total_size", "big");
        HttpResponse<String> resp = req.send(axon.port());
        assertThat(resp.statusCode()).isEqualTo(400);
        assertThat(message(resp)).contains("total_size");
        assertThat(handled).hasValue(0);
    }

    @Test
    void a_missing_nonce_is_refused_401() throws Exception {
        RawAxonRequest req = RawAxonRequest.echo(VALIDATOR, MINER.ss58Address(), axon.port(), "x",
                RawAxonRequest.nowNanos(), UUID.randomUUID().toString());
        req.headers.remove("bt_header_dendrite_nonce");
        HttpResponse<String> resp = req.send(axon.port());
        assertThat(resp.statusCode()).isEqualTo(401);
        assertThat(message(resp)).isEqualTo("Not Verified with error: Missing Nonce");
    }

    @Test
    void a_handler_error_is_answered_500_with_an_error_id_and_no_internals() {
        DendriteResponse<Echo> r = dendrite.callBlocking(target(), new Echo("boom"), Duration.ofSeconds(5));
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.statusMessage()).matches("Internal Server Error #[0-9a-f-]{36}").doesNotContain("secret");
    }

    @Test
    void a_call_past_its_timeout_returns_408_promptly_with_the_default_reply() {
        long t0 = System.nanoTime();
        DendriteResponse<Echo> r = dendrite.callBlocking(target(), new Echo("slow"), Duration.ofMillis(400));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(408);
        assertThat(r.isTimeout()).isTrue();
        assertThat(r.synapse().reply()).isEmpty();
        assertThat(r.synapse().text()).isEqualTo("slow");
        assertThat(ms).isLessThan(1_500);
    }

    private static String message(HttpResponse<String> resp) throws Exception {
        return SynapseJson.mapper().readTree(resp.body()).get("message").asText();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
