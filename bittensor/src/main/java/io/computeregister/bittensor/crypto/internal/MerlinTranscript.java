package io.computeregister.bittensor.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A Merlin transcript (merlin.cool, "Merlin v1.0"): a STROBE-128 sponge fed labelled messages, from which challenges
 * and witness randomness are squeezed. schnorrkel builds every signature and key derivation on it.
 */
public final class MerlinTranscript {
    private final Strobe128 strobe;

    public MerlinTranscript(String label) {
        strobe = new Strobe128("Merlin v1.0".getBytes(StandardCharsets.US_ASCII));
        appendMessage("dom-sep", label.getBytes(StandardCharsets.US_ASCII));
    }

    public void appendMessage(String label, byte[] message) {
        strobe.metaAd(ascii(label), false);
        strobe.metaAd(le32(message.length), true);
        strobe.ad(message, false);
    }

    public byte[] challengeBytes(String label, int length) {
        strobe.metaAd(ascii(label), false);
        strobe.metaAd(le32(length), true);
        byte[] out = new byte[length];
        strobe.prf(out, false);
        return out;
    }

    /**
     * Merlin's transcript RNG: a fork of the transcript rekeyed with secret witnesses and then with fresh randomness,
     * so the output depends on the whole public transcript, the secrets and the RNG, and the transcript itself is
     * left unchanged. A nonce stays unpredictable even if one of the RNG or the witness is weak.
     */
    public byte[] witnessBytes(String label, int length, SecureRandom random, byte[]... witnesses) {
        Strobe128 fork = strobe.clone();
        for (byte[] witness : witnesses) {
            fork.metaAd(ascii(label), false);
            fork.metaAd(le32(witness.length), true);
            fork.key(witness, false);
        }
        byte[] randomBytes = new byte[32];
        random.nextBytes(randomBytes);
        fork.metaAd(ascii("rng"), false);
        fork.key(randomBytes, false);
        byte[] out = new byte[length];
        fork.metaAd(le32(length), false);
        fork.prf(out, false);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] le32(int n) {
        return new byte[] {(byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24)};
    }
}
