package io.computeregister.miner.runtime.sandbox;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The allocation password as PBKDF2-HMAC-SHA256, so it can be persisted for restarts without storing the password.
 * Text form: {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}.
 */
record PasswordHash(int iterations, byte[] salt, byte[] hash) {

    private static final String PREFIX = "pbkdf2-sha256";
    private static final int ITERATIONS = 100_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    static PasswordHash of(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new PasswordHash(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    static PasswordHash parse(String text) {
        String[] parts = text.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("password hash is not in the " + PREFIX + " format");
        }
        return new PasswordHash(Integer.parseInt(parts[1]), Base64.getDecoder().decode(parts[2]),
                Base64.getDecoder().decode(parts[3]));
    }

    boolean matches(String password) {
        if (password == null) {
            return false;
        }
        // Constant-time comparison: the time taken says nothing about how much of the password was right.
        return MessageDigest.isEqual(hash, derive(password, salt, iterations));
    }

    String text() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[" + PREFIX + "]";
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

}
