package io.computeregister.bittensor.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.bittensor.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every key and signature in the sr25519 vector file of the test data (made with @polkadot/util-crypto 14). */
class Sr25519VectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    private static JsonNode vectors() throws IOException {
        return new ObjectMapper().readTree(TestData.bytes("sr25519-vectors.json"));
    }

    private static byte[] hex(String s) {
        return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }

    @TestFactory
    Stream<DynamicTest> every_key_vector_derives_the_expected_public_key_and_address() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode k : vectors().get("keys")) {
            String expectedPub = k.get("publicKey").asText();
            String expectedSs58 = k.get("ss58").asText();
            if (k.hasNonNull("seed")) {
                tests.add(DynamicTest.dynamicTest("seed " + k.get("seed").asText(), () -> {
                    Keypair kp = Keypair.fromSeed(hex(k.get("seed").asText()));
                    assertThat(HEX.formatHex(kp.publicKey())).isEqualTo(expectedPub);
                    assertThat(kp.ss58Address()).isEqualTo(expectedSs58);
                    Keypair viaUri = Keypair.fromSuri("0x" + k.get("seed").asText());
                    assertThat(viaUri.ss58Address()).isEqualTo(expectedSs58);
                }));
            }
            if (k.hasNonNull("mnemonic")) {
                tests.add(DynamicTest.dynamicTest("mnemonic for " + expectedSs58, () -> {
                    String mnemonic = k.get("mnemonic").asText();
                    assertThat(HEX.formatHex(Bip39.miniSecret(mnemonic, ""))).isEqualTo(k.get("seed").asText());
                    Keypair kp = Keypair.fromSuri(mnemonic);
                    assertThat(HEX.formatHex(kp.publicKey())).isEqualTo(expectedPub);
                    assertThat(kp.ss58Address()).isEqualTo(expectedSs58);
                }));
            }
            if (k.hasNonNull("uri")) {
                tests.add(DynamicTest.dynamicTest("uri " + k.get("uri").asText(), () -> {
                    Keypair kp = Keypair.fromSuri(k.get("uri").asText());
                    assertThat(HEX.formatHex(kp.publicKey())).isEqualTo(expectedPub);
                    assertThat(kp.ss58Address()).isEqualTo(expectedSs58);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> every_signature_vector_verifies_as_the_reference_verifier_said() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode s : vectors().get("signatures")) {
            String expect = s.get("expect").asText();
            tests.add(DynamicTest.dynamicTest(expect, () -> {
                byte[] pub = hex(s.get("publicKey").asText());
                byte[] msg = s.get("message").asText().getBytes(StandardCharsets.UTF_8);
                byte[] sig = hex(s.get("signature").asText());
                boolean raw = Sr25519.verify(pub, msg, sig);
                assertThat(raw).as("raw verification").isEqualTo(s.get("oracleVerify").asBoolean()
                        && !expect.contains("<Bytes>"));
                if (expect.contains("<Bytes>")) {
                    byte[] wrapped = ("<Bytes>" + s.get("message").asText() + "</Bytes>")
                            .getBytes(StandardCharsets.UTF_8);
                    assertThat(Sr25519.verify(pub, wrapped, sig)).as("wrapped verification").isTrue();
                }
                if (s.hasNonNull("signerSs58")) {
                    assertThat(Ss58.encode(pub)).isEqualTo(s.get("signerSs58").asText());
                }
            }));
        }
        return tests.stream();
    }
}
