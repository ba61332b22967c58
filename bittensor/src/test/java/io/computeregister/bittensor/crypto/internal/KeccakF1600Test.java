package io.computeregister.bittensor.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeccakF1600Test {

    /** SHA3-256 built on our permutation (rate 136, padding 0x06 … 0x80) must equal the JDK's SHA3-256. */
    private static byte[] sha3_256(byte[] message) {
        int rate = 136;
        byte[] state = new byte[200];
        int padded = (message.length / rate + 1) * rate;
        byte[] input = Arrays.copyOf(message, padded);
        input[message.length] ^= 0x06;
        input[padded - 1] ^= (byte) 0x80;
        for (int off = 0; off < padded; off += rate) {
            for (int i = 0; i < rate; i++) {
                state[i] ^= input[off + i];
            }
            KeccakF1600.permute(state);
        }
        return Arrays.copyOf(state, 32);
    }

    @Test
    void sponge_on_the_permutation_reproduces_sha3_256_for_short_and_multi_block_inputs() throws Exception {
        MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
        for (int len : new int[] {0, 1, 135, 136, 137, 500}) {
            byte[] msg = new byte[len];
            Arrays.fill(msg, (byte) 'a');
            assertThat(sha3_256(msg)).as("length %d", len).isEqualTo(jdk.digest(msg));
        }
        assertThat(sha3_256("".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(java.util.HexFormat.of()
                        .parseHex("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"));
    }
}
