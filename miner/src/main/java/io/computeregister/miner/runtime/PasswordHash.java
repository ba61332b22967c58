package io.computeregister.miner.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * The one way an allocation password is hashed: SHA-512 crypt ({@code $6$}, Drepper's SHA-crypt). glibc's crypt(3)
 * verifies it, so the sshd in a container (OpenSSH, dropbear) accepts it from {@code /etc/shadow}, and the sandbox
 * keeps the same text to check logins against, so neither runtime stores the password itself. commons-codec's
 * {@link Sha2Crypt} implements the published algorithm; we only pick the salt.
 *
 * <p>The default 5000 rounds are enough: the miner generates the password (16 characters over [A-Za-z0-9], about
 * 95 bits), so a stolen hash cannot be reversed by guessing, however fast each guess is.
 */
public final class PasswordHash {

    private static final String SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    /** The hash of {@code password} with a fresh 16-character salt: {@code $6$<salt>$<hash>}. */
    public static String sha512Crypt(String password) {
        StringBuilder salt = new StringBuilder("$6$");
        for (int i = 0; i < 16; i++) {
            salt.append(SALT_ALPHABET.charAt(RANDOM.nextInt(SALT_ALPHABET.length())));
        }
        return sha512Crypt(password, salt.toString());
    }

    /** @param salt {@code $6$<salt>} (optionally with {@code rounds=N$}), or a whole hash whose salt is reused */
    public static String sha512Crypt(String password, String salt) {
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), salt);
    }

    /** Whether {@code password} hashes to {@code hash} (as crypt(3) checks a login); false for a null password. */
    public static boolean matches(String hash, String password) {
        if (password == null) {
            return false;
        }
        // Constant-time comparison: the time taken says nothing about how much of the password was right.
        return MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                sha512Crypt(password, hash).getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code text} is a hash this class made (for reading one back from a file). */
    public static boolean isHash(String text) {
        return text != null && text.startsWith("$6$") && text.indexOf('$', 3) > 3;
    }
}
