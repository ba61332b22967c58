package io.computeregister.api.auth;

import io.computeregister.api.store.ApiKeyRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: {@code cr_} + 32 random bytes (base64url). With 256 bits of entropy a plain SHA-256 is a safe stored form
 * (no dictionary to attack); the first 11 characters are the displayable prefix.
 */
public final class ApiKeys {

    static final String KEY_PREFIX = "cr_";
    private static final int PREFIX_CHARS = 11;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A key just issued: {@code key} is shown to its owner once and then forgotten. */
    public record Issued(String key, ApiKeyRecord record) {
        @Override
        public String toString() {
            return "Issued[prefix=" + record.prefix() + ", tenant=" + record.tenantId() + "]";
        }
    }

    public static Issued issue(String tenantId, Instant now) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String key = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Issued(key, recordFor(key, tenantId, now));
    }

    /** The stored form of a key chosen by the operator (e.g. COMPUTE_ADMIN_KEY). */
    public static ApiKeyRecord recordFor(String key, String tenantId, Instant now) {
        return new ApiKeyRecord(hash(key), prefixOf(key), tenantId, now);
    }

    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public static String prefixOf(String key) {
        return key.length() <= PREFIX_CHARS ? key.substring(0, Math.min(4, key.length())) : key.substring(0, PREFIX_CHARS);
    }
}
