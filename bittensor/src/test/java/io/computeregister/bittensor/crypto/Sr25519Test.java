package io.computeregister.bittensor.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Sr25519Test {
    private static final byte[] MESSAGE = "nonce.hotkey.axon.uuid.hash".getBytes(StandardCharsets.UTF_8);

    @Test
    void signatures_of_random_keys_verify_and_carry_the_marker_bit() {
        for (int i = 0; i < 20; i++) {
            Keypair kp = Keypair.generate();
            byte[] msg = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] sig = kp.sign(msg);
            assertThat(sig).hasSize(64);
            assertThat(sig[63] & 0x80).isEqualTo(0x80);
            assertThat(Sr25519.verify(kp.publicKey(), msg, sig)).isTrue();
        }
    }

    @Test
    void signing_is_randomized_but_both_signatures_verify() {
        Keypair kp = Keypair.fromSuri("//Alice");
        byte[] a = kp.sign(MESSAGE);
        byte[] b = kp.sign(MESSAGE);
        assertThat(a).isNotEqualTo(b);
        assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, a)).isTrue();
        assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, b)).isTrue();
    }

    @Test
    void empty_message_signs_and_verifies() {
        Keypair kp = Keypair.generate();
        assertThat(Sr25519.verify(kp.publicKey(), new byte[0], kp.sign(new byte[0]))).isTrue();
    }

    @Test
    void tampered_message_signature_or_key_is_rejected() {
        Keypair kp = Keypair.generate();
        byte[] sig = kp.sign(MESSAGE);
        byte[] otherMsg = MESSAGE.clone();
        otherMsg[0] ^= 1;
        assertThat(Sr25519.verify(kp.publicKey(), otherMsg, sig)).isFalse();
        for (int i : new int[] {0, 31, 32, 62}) {
            byte[] bad = sig.clone();
            bad[i] ^= 1;
            assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, bad)).as("flipped byte %d", i).isFalse();
        }
        assertThat(Sr25519.verify(Keypair.generate().publicKey(), MESSAGE, sig)).isFalse();
    }

    @Test
    void signature_without_the_schnorrkel_marker_is_rejected() {
        Keypair kp = Keypair.generate();
        byte[] sig = kp.sign(MESSAGE);
        sig[63] &= 0x7f;
        assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, sig)).isFalse();
    }

    @Test
    void non_canonical_scalar_is_rejected_even_when_it_is_congruent_to_a_valid_one() {
        Keypair kp = Keypair.generate();
        byte[] sig = kp.sign(MESSAGE);
        // s + l (group order) is the same scalar mod l but not canonical; schnorrkel rejects it.
        java.math.BigInteger l = java.math.BigInteger.TWO.pow(252)
                .add(new java.math.BigInteger("27742317777372353535851937790883648493"));
        byte[] sLe = Arrays.copyOfRange(sig, 32, 64);
        sLe[31] &= 0x7f;
        java.math.BigInteger s = new java.math.BigInteger(1, reverse(sLe)).add(l);
        assertThat(s.bitLength()).isLessThan(255); // s + l < 2^254 leaves room for the marker bit
        byte[] be = s.toByteArray();
        byte[] le = reverse(Arrays.copyOfRange(be, Math.max(0, be.length - 32), be.length));
        byte[] forged = sig.clone();
        System.arraycopy(Arrays.copyOf(le, 32), 0, forged, 32, 32);
        forged[63] |= (byte) 0x80;
        assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, forged)).isFalse();
    }

    @Test
    void malformed_inputs_return_false_instead_of_throwing() {
        Keypair kp = Keypair.generate();
        byte[] sig = kp.sign(MESSAGE);
        assertThat(Sr25519.verify(null, MESSAGE, sig)).isFalse();
        assertThat(Sr25519.verify(kp.publicKey(), null, sig)).isFalse();
        assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, null)).isFalse();
        assertThat(Sr25519.verify(new byte[31], MESSAGE, sig)).isFalse();
        assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, Arrays.copyOf(sig, 63))).isFalse();
        // 0xff…ff is not a valid Ristretto encoding
        byte[] notAPoint = new byte[32];
        Arrays.fill(notAPoint, (byte) 0xff);
        assertThat(Sr25519.verify(notAPoint, MESSAGE, sig)).isFalse();
        byte[] allOnes = new byte[64];
        Arrays.fill(allOnes, (byte) 0xff);
        assertThat(Sr25519.verify(kp.publicKey(), MESSAGE, allOnes)).isFalse();
    }

    private static byte[] reverse(byte[] a) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[a.length - 1 - i];
        }
        return out;
    }
}
