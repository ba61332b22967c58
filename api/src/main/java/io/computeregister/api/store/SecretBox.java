package io.computeregister.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for secrets at rest (renters' SSH passwords). Output is {@code v1:} + base64(nonce | ciphertext+tag);
 * the prefix leaves room for key rotation. A fresh 96-bit random nonce per value.
 */
public final class SecretBox {

    public static final String ENV_KEY = "COMPUTE_SECRET_KEY";
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String FINGERPRINT_TEXT = "compute-register secret key fingerprint v1";

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(byte[] key32) {
        if (key32.length != 32) {
            throw new IllegalArgumentException("secret key must be 32 bytes (base64 of 32 random bytes), got " + key32.length);
        }
        this.key = new SecretKeySpec(key32.clone(), "AES");
    }

    /**
     * The key from {@code COMPUTE_SECRET_KEY} (base64, 32 bytes) when set, else from {@code <dataDir>/secret.key},
     * generated there (mode 600) on first start.
     */
    public static SecretBox fromEnvOrKeyFile(String envValue, Path dataDir) {
        if (envValue != null && !envValue.isBlank()) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(envValue.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ENV_KEY + " is not valid base64");
            }
            return new SecretBox(decoded);
        }
        Path file = dataDir.resolve("secret.key");
        try {
            if (Files.exists(file)) {
                return new SecretBox(Base64.getDecoder().decode(Files.readString(file).trim()));
            }
            Files.createDirectories(dataDir);
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardOpenOption.CREATE_NEW);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // non-POSIX file system: nothing more we can do
            }
            return new SecretBox(fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create secret key file " + file, e);
        }
    }

    /**
     * Tells keys apart without revealing one: HMAC-SHA256 of a fixed text under this key, in hex. Stored by
     * {@link SecretKeyCheck}; the key cannot be recovered from it.
     */
    public String fingerprint() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(FINGERPRINT_TEXT.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    public String seal(String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String open(String boxed) {
        if (!boxed.startsWith(PREFIX)) throw new IllegalStateException("unknown secret format");
        byte[] all = Base64.getDecoder().decode(boxed.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Wrong key or tampered row; never include the data in the message.
            throw new IllegalStateException("stored secret cannot be decrypted with the configured secret key");
        }
    }
}
