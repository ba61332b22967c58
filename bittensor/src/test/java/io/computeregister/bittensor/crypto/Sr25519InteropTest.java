package io.computeregister.bittensor.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import io.computeregister.bittensor.testing.PolkadotJs;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks against an independent implementation, @polkadot/util-crypto 14 (its sr25519 is @scure/sr25519) run by node:
 * node signs → we verify, we sign → node verifies, and both derive the same public keys from the same URIs, for a
 * fresh random key each run. The npm packages are cached under ~/.cache/compute-register/npm. Without node/npm the
 * test is skipped with the reason printed, unless CI=true or REQUIRE_INTEROP=1, where it fails.
 */
class Sr25519InteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void java_and_polkadot_js_verify_each_others_signatures_and_derive_the_same_keys() throws Exception {
        byte[] seed = new byte[32];
        SecretKey.RANDOM.nextBytes(seed);
        Keypair ours = Keypair.fromSeed(seed);
        String javaMessage = "java signed this " + HEX.formatHex(seed, 0, 4) + " ünïcödé";
        byte[] javaSignature = ours.sign(javaMessage.getBytes(StandardCharsets.UTF_8));
        byte[] tampered = javaSignature.clone();
        tampered[5] ^= 1;
        String mnemonic = Bip39.generate();
        List<String> suris = List.of(
                mnemonic,
                mnemonic + "//hard",
                mnemonic + "/soft",
                mnemonic + "//bittensor/0//1/stash",
                mnemonic + "//hard///correct horse",
                "0x" + HEX.formatHex(seed) + "//42/soft");

        ObjectNode req = JSON.createObjectNode();
        req.put("seed", "0x" + HEX.formatHex(seed));
        req.put("nodeMessage", "node signed this ✓");
        ArrayNode toVerify = req.putArray("toVerify");
        toVerify.addObject().put("message", javaMessage).put("signature", hex0x(javaSignature))
                .put("publicKey", hex0x(ours.publicKey()));
        toVerify.addObject().put("message", javaMessage).put("signature", hex0x(tampered))
                .put("publicKey", hex0x(ours.publicKey()));
        ArrayNode suriArray = req.putArray("suris");
        suris.forEach(suriArray::add);

        JsonNode answer = PolkadotJs.run("polkadot-sr25519.mjs", req);

        // same seed -> same public key
        assertThat(answer.get("publicKey").asText()).isEqualTo(hex0x(ours.publicKey()));
        // node signs -> Java verifies (and rejects it for another message)
        byte[] nodeSignature = HEX.parseHex(answer.get("signature").asText().substring(2));
        assertThat(Sr25519.verify(ours.publicKey(), "node signed this ✓".getBytes(StandardCharsets.UTF_8), nodeSignature))
                .isTrue();
        assertThat(Sr25519.verify(ours.publicKey(), "node signed that".getBytes(StandardCharsets.UTF_8), nodeSignature))
                .isFalse();
        // Java signs -> node verifies; node rejects the tampered copy
        assertThat(answer.get("verdicts").get(0).asBoolean()).as("node verifies Java's signature").isTrue();
        assertThat(answer.get("verdicts").get(1).asBoolean()).as("node rejects a tampered signature").isFalse();
        // derivation paths: hard, soft, mixed, password, hex seed
        for (int i = 0; i < suris.size(); i++) {
            assertThat(hex0x(Keypair.fromSuri(suris.get(i)).publicKey()))
                    .as("public key of derivation #%d", i)
                    .isEqualTo(answer.get("derived").get(i).asText());
        }
    }

    private static String hex0x(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }
}
