package io.computeregister.bittensor.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MerlinTranscriptTest {

    @Test
    void matches_the_merlin_reference_transcript_for_one_message_and_one_challenge() {
        // merlin crate test "equivalence_simple" (the Rust reference, cross-checked there against Python STROBE)
        MerlinTranscript t = new MerlinTranscript("test protocol");
        t.appendMessage("some label", "some data".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(t.challengeBytes("challenge", 32)))
                .isEqualTo("d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615");
    }

    @Test
    void witness_bytes_leave_the_transcript_unchanged_and_differ_per_call() {
        MerlinTranscript a = new MerlinTranscript("proto");
        MerlinTranscript b = new MerlinTranscript("proto");
        SecureRandom random = new SecureRandom();
        byte[] w1 = a.witnessBytes("w", 32, random, new byte[32]);
        byte[] w2 = a.witnessBytes("w", 32, random, new byte[32]);
        assertThat(w1).isNotEqualTo(w2);
        assertThat(a.challengeBytes("c", 32)).isEqualTo(b.challengeBytes("c", 32));
    }
}
