package io.computeregister.bittensor.crypto;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import io.computeregister.bittensor.crypto.internal.MerlinTranscript;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * sr25519 signature verification as Substrate and Bittensor do it: schnorrkel Schnorr signatures over Ristretto255,
 * signing context {@code "substrate"}, modern transcript labels and the schnorrkel marker bit. Signing lives in
 * {@link Keypair}.
 */
public final class Sr25519 {
    public static final int PUBLIC_KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;

    /** Substrate's {@code SIGNING_CTX}. */
    private static final byte[] SIGNING_CONTEXT = "substrate".getBytes(StandardCharsets.US_ASCII);

    private Sr25519() {}

    /**
     * Builds the curve library's table of the generator's multiples now rather than at the first key or signature:
     * the library builds it once, in a class initialiser, about 30 ms of CPU before the JIT has compiled its field
     * arithmetic. A server can have it built on another thread while it starts (the API's start-up warm-up does).
     */
    public static void precompute() {
        Objects.requireNonNull(Constants.RISTRETTO_GENERATOR_TABLE);
    }

    /**
     * True when {@code signature} is a valid sr25519 signature of {@code message} by {@code publicKey}. Never
     * throws: anything malformed (null, wrong length, a public key that is not a Ristretto point, a non-canonical
     * scalar, a signature without the schnorrkel marker bit) is simply not valid.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null
                || publicKey.length != PUBLIC_KEY_LENGTH || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        // Marker bit: schnorrkel >= 0.8 sets the top bit of byte 63; signatures from 0.1.1 lack it and must fail.
        if ((signature[63] & 0x80) == 0) {
            return false;
        }
        try {
            RistrettoElement a = new CompressedRistretto(publicKey).decompress();
            byte[] sBytes = Arrays.copyOfRange(signature, 32, 64);
            sBytes[31] &= 0x7f;
            Scalar s = Scalar.fromCanonicalBytes(sBytes);
            byte[] r = Arrays.copyOfRange(signature, 0, 32);

            MerlinTranscript t = signingTranscript(message);
            commitSigner(t, publicKey);
            Scalar k = challenge(t, r);
            // R' = s·B − k·A must reproduce R exactly (byte comparison, so a non-canonical R never matches).
            RistrettoElement expectedR = Constants.RISTRETTO_GENERATOR_TABLE.multiply(s).subtract(a.multiply(k));
            return MessageDigest.isEqual(expectedR.compress().toByteArray(), r);
        } catch (InvalidEncodingException | RuntimeException e) {
            return false;
        }
    }

    /** schnorrkel {@code signing_context(b"substrate").bytes(message)}. */
    static MerlinTranscript signingTranscript(byte[] message) {
        MerlinTranscript t = new MerlinTranscript("SigningContext");
        t.appendMessage("", SIGNING_CONTEXT);
        t.appendMessage("sign-bytes", message);
        return t;
    }

    /** First half of the Schnorr transcript, shared by signer and verifier: protocol name and signer's key. */
    static void commitSigner(MerlinTranscript t, byte[] publicKey) {
        t.appendMessage("proto-name", "Schnorr-sig".getBytes(StandardCharsets.US_ASCII));
        t.appendMessage("sign:pk", publicKey);
    }

    /** Second half: commits the nonce point R and squeezes the challenge scalar k. */
    static Scalar challenge(MerlinTranscript t, byte[] r) {
        t.appendMessage("sign:R", r);
        return Scalar.fromBytesModOrderWide(t.challengeBytes("sign:c", 64));
    }
}
