package io.computeregister.miner.runtime.docker;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * SHA-512 crypt ({@code $6$}, Drepper's SHA-crypt) for the shadow file: glibc's crypt(3) verifies it, so OpenSSH and
 * dropbear accept it. commons-codec's {@link Sha2Crypt} implements the published algorithm; we only pick the salt.
 */
final class PasswordHash {

    private static final String SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    static String sha512Crypt(String password) {
        StringBuilder salt = new StringBuilder("$6$");
        for (int i = 0; i < 16; i++) {
            salt.append(SALT_ALPHABET.charAt(RANDOM.nextInt(SALT_ALPHABET.length())));
        }
        return sha512Crypt(password, salt.toString());
    }

    /** @param salt {@code $6$<salt>} (optionally with {@code rounds=N$}) */
    static String sha512Crypt(String password, String salt) {
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), salt);
    }
}
