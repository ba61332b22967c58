package io.computeregister.bittensor.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.testing.TestData;
import org.junit.jupiter.api.Test;

class RequestSignatureTest {
    private static final String ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
    private static final String WORKED_MESSAGE = "1718000000000000000.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY."
            + "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a."
            + "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";

    @Test
    void the_worked_example_message_is_built_from_its_parts() {
        assertThat(RequestSignature.message(1718000000000000000L, ALICE, BOB, "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a",
                BodyHash.EMPTY)).isEqualTo(WORKED_MESSAGE);
    }

    @Test
    void the_worked_example_signatures_from_the_spec_and_the_testdata_verify() throws Exception {
        // docs/protocol.md §B1.8
        assertThatCode(() -> RequestSignature.verify(ALICE, WORKED_MESSAGE, "0x6e88ad9bc09f16d63d0087f4f8df52914772942"
                + "75ce996d0bbd082a03a73a64f6486afe13ab798f78a314a89881961968936d0c8d4d9a6383cc531d4597e7686"))
                .doesNotThrowAnyException();
        // test data made by @polkadot/util-crypto: a plain one and one over <Bytes>...</Bytes>
        JsonNode vectors = SynapseJson.mapper().readTree(TestData.bytes("sr25519-vectors.json"));
        for (JsonNode v : vectors.get("signatures")) {
            if (!v.get("message").asText().equals(WORKED_MESSAGE)) continue;
            assertThatCode(() -> RequestSignature.verify(ALICE, WORKED_MESSAGE, v.get("signature").asText()))
                    .as(v.get("expect").asText()).doesNotThrowAnyException();
        }
    }

    @Test
    void a_signature_over_another_message_or_by_another_key_is_refused_with_pythons_words() {
        Keypair alice = Keypair.fromSuri("//Alice");
        String sig = RequestSignature.sign(alice, WORKED_MESSAGE);
        assertThat(sig).startsWith("0x").hasSize(130).isLowerCase();
        assertThatCode(() -> RequestSignature.verify(ALICE, WORKED_MESSAGE, sig)).doesNotThrowAnyException();
        assertThatThrownBy(() -> RequestSignature.verify(ALICE, WORKED_MESSAGE + "x", sig))
                .hasMessageStartingWith("Signature mismatch with " + WORKED_MESSAGE + "x and 0x");
        assertThatThrownBy(() -> RequestSignature.verify(BOB, WORKED_MESSAGE, sig))
                .hasMessageStartingWith("Signature mismatch");
        assertThatThrownBy(() -> RequestSignature.verify(ALICE, WORKED_MESSAGE, sig.substring(2)))
                .hasMessageContaining("Invalid signature format");
    }
}
