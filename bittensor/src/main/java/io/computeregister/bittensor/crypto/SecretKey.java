package io.computeregister.bittensor.crypto;

import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.Scalar;
import io.computeregister.bittensor.crypto.internal.MerlinTranscript;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A schnorrkel secret key: the secret scalar and a 32-byte nonce seed. Its operations follow schnorrkel's
 * {@code SecretKey} (sign, hard and soft HDKD) and {@code MiniSecretKey::expand(ExpansionMode::Ed25519)}.
 */
final class SecretKey {
    static final SecureRandom RANDOM = new SecureRandom();

    private final Scalar key;
    private final byte[] nonce;

    private SecretKey(Scalar key, byte[] nonce) {
        this.key = key;
        this.nonce = nonce;
    }

    /**
     * Ed25519-mode expansion of a 32-byte mini secret, the one Substrate uses: SHA-512, ed25519 clamping, then the
     * scalar divided by the cofactor 8 (Ristretto has no cofactor); the second half of the hash is the nonce seed.
     */
    static SecretKey expandEd25519(byte[] miniSecret) {
        if (miniSecret.length != 32) {
            throw new IllegalArgumentException("sr25519 mini secret must be 32 bytes, got " + miniSecret.length);
        }
        byte[] h = sha512(miniSecret);
        byte[] keyBytes = Arrays.copyOf(h, 32);
        keyBytes[0] &= (byte) 248;
        keyBytes[31] &= 63;
        keyBytes[31] |= 64;
        divideByCofactor(keyBytes);
        SecretKey sk = new SecretKey(Scalar.fromBits(keyBytes), Arrays.copyOfRange(h, 32, 64));
        Arrays.fill(h, (byte) 0);
        Arrays.fill(keyBytes, (byte) 0);
        return sk;
    }

    /** schnorrkel {@code SecretKey::from_bytes}: canonical scalar ‖ nonce (Substrate's {@code to_raw_vec} layout). */
    static SecretKey fromBytes(byte[] bytes) {
        if (bytes.length != 64) {
            throw new IllegalArgumentException("sr25519 secret key must be 64 bytes, got " + bytes.length);
        }
        Scalar key;
        try {
            key = Scalar.fromCanonicalBytes(Arrays.copyOf(bytes, 32));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sr25519 secret key bytes do not hold a canonical scalar");
        }
        return new SecretKey(key, Arrays.copyOfRange(bytes, 32, 64));
    }

    byte[] publicKey() {
        return Constants.RISTRETTO_GENERATOR_TABLE.multiply(key).compress().toByteArray();
    }

    /**
     * schnorrkel {@code SecretKey::sign} in the "substrate" context. The witness r is drawn from the transcript RNG,
     * keyed with this key's nonce seed and fresh OS randomness, so signatures differ on every call.
     */
    byte[] sign(byte[] message, byte[] publicKey) {
        MerlinTranscript t = Sr25519.signingTranscript(message);
        Sr25519.commitSigner(t, publicKey);
        // witnessBytes forks the transcript, so t itself is unchanged by drawing r.
        Scalar r = Scalar.fromBytesModOrderWide(t.witnessBytes("signing", 64, RANDOM, nonce));
        byte[] bigR = Constants.RISTRETTO_GENERATOR_TABLE.multiply(r).compress().toByteArray();
        Scalar k = Sr25519.challenge(t, bigR);
        Scalar s = k.multiplyAndAdd(key, r);
        byte[] signature = new byte[64];
        System.arraycopy(bigR, 0, signature, 0, 32);
        System.arraycopy(s.toByteArray(), 0, signature, 32, 32);
        signature[63] |= (byte) 0x80; // schnorrkel marker
        return signature;
    }

    /** schnorrkel {@code hard_derive_mini_secret_key(Some(chainCode), b"")}, expanded again in Ed25519 mode. */
    SecretKey hardDerive(byte[] chainCode) {
        MerlinTranscript t = new MerlinTranscript("SchnorrRistrettoHDKD");
        t.appendMessage("sign-bytes", new byte[0]);
        t.appendMessage("chain-code", chainCode);
        t.appendMessage("secret-key", key.toByteArray());
        byte[] miniSecret = t.challengeBytes("HDKD-hard", 32);
        SecretKey derived = expandEd25519(miniSecret);
        Arrays.fill(miniSecret, (byte) 0);
        return derived;
    }

    /**
     * schnorrkel {@code derived_key_simple(chainCode, b"")}: key + H(chain code, public key). The new nonce seed is
     * drawn from the transcript RNG (randomized in schnorrkel too); only the scalar, hence the public key, is fixed.
     */
    SecretKey softDerive(byte[] chainCode, byte[] publicKey) {
        MerlinTranscript t = new MerlinTranscript("SchnorrRistrettoHDKD");
        t.appendMessage("sign-bytes", new byte[0]);
        t.appendMessage("chain-code", chainCode);
        t.appendMessage("public-key", publicKey);
        Scalar tweak = Scalar.fromBytesModOrderWide(t.challengeBytes("HDKD-scalar", 64));
        t.challengeBytes("HDKD-chaincode", 32);
        byte[] newNonce = t.witnessBytes("HDKD-nonce", 32, RANDOM, nonce, toBytes());
        return new SecretKey(key.add(tweak), newNonce);
    }

    byte[] toBytes() {
        byte[] out = Arrays.copyOf(key.toByteArray(), 64);
        System.arraycopy(nonce, 0, out, 32, 32);
        return out;
    }

    /** Little-endian division by 8, as schnorrkel's {@code divide_scalar_bytes_by_cofactor}. */
    private static void divideByCofactor(byte[] scalar) {
        int low = 0;
        for (int i = scalar.length - 1; i >= 0; i--) {
            int b = scalar[i] & 0xff;
            int remainder = b & 0b111;
            scalar[i] = (byte) ((b >>> 3) + low);
            low = remainder << 5;
        }
    }

    private static byte[] sha512(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return "SecretKey[redacted]";
    }
}
