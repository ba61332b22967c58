package io.computeregister.protocol.wandb;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.crypto.Sr25519;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The original's run signature: hex sr25519 over sha256(run id), checked against the run's hotkey. */
class RunSignatureTest {

    private static final Keypair BOB = Keypair.fromSuri("//Bob");
    private static final Keypair EVE = Keypair.fromSuri("//Eve");

    @Test
    void a_signature_is_plain_hex_of_sr25519_over_the_raw_sha256_digest_of_the_run_id() throws Exception {
        String signature = RunSignature.sign(BOB, "0djlnjjs");

        assertThat(signature).matches("[0-9a-f]{128}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("0djlnjjs".getBytes(StandardCharsets.UTF_8));
        assertThat(Sr25519.verify(BOB.publicKey(), digest, HexFormat.of().parseHex(signature))).isTrue();
        assertThat(RunSignature.verify(BOB.ss58Address(), "0djlnjjs", signature)).isTrue();
    }

    @Test
    void another_run_another_hotkey_or_a_mangled_signature_does_not_verify() {
        String signature = RunSignature.sign(BOB, "0djlnjjs");

        assertThat(RunSignature.verify(BOB.ss58Address(), "k2m9x0aa", signature)).as("other run").isFalse();
        assertThat(RunSignature.verify(EVE.ss58Address(), "0djlnjjs", signature)).as("other hotkey").isFalse();
        assertThat(RunSignature.verify(BOB.ss58Address(), "0djlnjjs", RunSignature.sign(EVE, "0djlnjjs")))
                .as("signed by someone else").isFalse();
        assertThat(RunSignature.verify(BOB.ss58Address(), "0djlnjjs", "0x" + signature))
                .as("0x is not hex to Python's bytes.fromhex").isFalse();
        assertThat(RunSignature.verify(BOB.ss58Address(), "0djlnjjs", signature.substring(2))).isFalse();
        assertThat(RunSignature.verify(BOB.ss58Address(), "0djlnjjs", "not hex")).isFalse();
        assertThat(RunSignature.verify("not-an-address", "0djlnjjs", signature)).isFalse();
        assertThat(RunSignature.verify(null, "0djlnjjs", signature)).isFalse();
        assertThat(RunSignature.verify(BOB.ss58Address(), "0djlnjjs", null)).isFalse();
    }
}
