package io.computeregister.bittensor.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.bittensor.testing.PolkadotJs;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.bittensor.synapse.BodyHash;
import io.computeregister.bittensor.synapse.Echo;
import io.computeregister.bittensor.synapse.RequestSignature;
import io.computeregister.bittensor.synapse.SynapseJson;
import io.computeregister.bittensor.synapse.TerminalInfo;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Our axon and dendrite against an independent sr25519 (@polkadot/util-crypto, the JS twin of the Rust schnorrkel
 * that Python's bittensor_wallet uses): a request signed by node in the Python dendrite's exact format is served, and
 * the signature our dendrite puts on the wire verifies under polkadot-js {@code signatureVerify}.
 */
class AxonPolkadotInteropTest {
    private static final Keypair MINER = Keypair.fromSuri("//Bob");

    @Test
    void a_request_signed_by_polkadot_js_is_served_and_our_dendrites_signature_verifies_in_polkadot_js()
            throws Exception {
        AtomicReference<TerminalInfo> seenCaller = new AtomicReference<>();
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        Keypair ourValidator = Keypair.fromSeed(seed);
        try (AxonServer axon = AxonServer.builder(MINER).host("127.0.0.1").port(0).build()
                .attach(Echo.class, s -> {
                    seenCaller.set(s.dendrite().copy());
                    return s.reply("echo " + s.text());
                })
                .start();
             Dendrite dendrite = Dendrite.create(ourValidator)) {

            // 1. our dendrite -> our axon; capture the signature it sent
            DendriteResponse<Echo> ours = dendrite.callBlocking(
                    new AxonTarget("127.0.0.1", axon.port(), MINER.ss58Address()), new Echo("from java"),
                    Duration.ofSeconds(5));
            assertThat(ours.isSuccess()).isTrue();
            TerminalInfo sent = seenCaller.get();
            String ourMessage = RequestSignature.message(sent.nonce(), sent.hotkey(), MINER.ss58Address(), sent.uuid(),
                    BodyHash.EMPTY);

            // 2. node signs a Python-format request with another fresh key, and judges our signature
            byte[] nodeSeed = new byte[32];
            new SecureRandom().nextBytes(nodeSeed);
            long nonce = RawAxonRequest.nowNanos();
            String uuid = UUID.randomUUID().toString();
            ObjectNode req = SynapseJson.mapper().createObjectNode();
            req.put("seed", "0x" + HexFormat.of().formatHex(nodeSeed));
            req.put("axonHotkey", MINER.ss58Address());
            req.put("nonce", Long.toString(nonce));
            req.put("uuid", uuid);
            req.put("bodyHash", BodyHash.EMPTY);
            req.putArray("toVerify")
                    .add(verifyItem(ourMessage, sent.signature(), sent.hotkey()))
                    .add(verifyItem(ourMessage + "!", sent.signature(), sent.hotkey()));
            JsonNode node = PolkadotJs.run("polkadot-dendrite.mjs", req);

            assertThat(node.get("verdicts").get(0).asBoolean()).as("polkadot-js verifies our dendrite's signature").isTrue();
            assertThat(node.get("verdicts").get(1).asBoolean()).as("polkadot-js rejects it for another message").isFalse();

            // 3. the node-signed request, in Python's header format, is accepted by our axon
            String nodeHotkey = node.get("hotkey").asText();
            assertThat(nodeHotkey).isEqualTo(Keypair.fromSeed(nodeSeed).ss58Address());
            RawAxonRequest raw = RawAxonRequest.echo(Keypair.fromSeed(nodeSeed), MINER.ss58Address(), axon.port(),
                    "from node", nonce, uuid);
            raw.headers.put("bt_header_dendrite_signature", node.get("signature").asText());
            HttpResponse<String> resp = raw.send(axon.port());
            assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
            assertThat(SynapseJson.mapper().readTree(resp.body()).get("reply").asText()).isEqualTo("echo from node");
            assertThat(seenCaller.get().hotkey()).isEqualTo(nodeHotkey);
        }
    }

    private static ObjectNode verifyItem(String message, String signature, String signer) {
        return SynapseJson.mapper().createObjectNode().put("message", message).put("signature", signature)
                .put("signer", signer);
    }
}
