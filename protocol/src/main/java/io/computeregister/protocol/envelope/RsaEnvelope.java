package io.computeregister.protocol.envelope;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The RSA scheme that protects allocation credentials on the plain-HTTP hop from miner to API (docs/protocol.md §4).
 *
 * <p>The API generates a fresh RSA-2048 pair per request and sends the public key as PEM (SubjectPublicKeyInfo, LF
 * line endings, 64-character lines, trailing newline). The miner encrypts the UTF-8 JSON of {@link AllocationInfo}
 * with OAEP (SHA-256, MGF1-SHA-256, empty label) and returns it as standard padded base64 (344 characters for a
 * 2048-bit key). Byte compatible with Python {@code cryptography}, which the original miner and API use.
 *
 * <p>Bad input (garbage PEM, a non-RSA key, malformed base64, a ciphertext for another key) raises
 * {@link IllegalArgumentException} whose message names what was wrong, never the key material or the plaintext.
 */
public final class RsaEnvelope {

    /** COMPAT: the JDK's "OAEPWithSHA-256AndMGF1Padding" alone uses SHA-1 for MGF1; Python uses SHA-256 for both. */
    private static final OAEPParameterSpec OAEP_SHA256_MGF1_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private static final String TRANSFORMATION = "RSA/ECB/OAEPPadding";
    /** OAEP overhead: two SHA-256 digests plus two bytes. */
    private static final int OAEP_OVERHEAD_BYTES = 2 * 32 + 2;
    private static final int KEY_BITS = 2048;

    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";

    private RsaEnvelope() {}

    /** A fresh RSA-2048 key pair with public exponent 65537. */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(KEY_BITS, RSAKeyGenParameterSpec.F4));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot generate RSA-2048 keys", e);
        }
    }

    /** SubjectPublicKeyInfo PEM, exactly as Python {@code cryptography} writes it. */
    public static String publicKeyPem(PublicKey publicKey) {
        requireRsa(publicKey, "public key");
        return pem(PUBLIC_LABEL, publicKey.getEncoded());
    }

    /** Unencrypted PKCS#8 PEM. The result is a secret: never log it. */
    public static String privateKeyPem(PrivateKey privateKey) {
        requireRsa(privateKey, "private key");
        return pem(PRIVATE_LABEL, privateKey.getEncoded());
    }

    /**
     * Parses a {@code -----BEGIN PUBLIC KEY-----} PEM (CRLF and surrounding whitespace tolerated).
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static RSAPublicKey parsePublicKeyPem(String pem) {
        byte[] der = pemBody(pem, PUBLIC_LABEL, "public_key");
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            return (RSAPublicKey) key;
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new IllegalArgumentException("public_key is not an RSA SubjectPublicKeyInfo key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no RSA key factory", e);
        }
    }

    /**
     * Parses a {@code -----BEGIN PRIVATE KEY-----} (PKCS#8) PEM.
     *
     * @throws IllegalArgumentException naming what is wrong with the text (never echoing it)
     */
    public static RSAPrivateKey parsePrivateKeyPem(String pem) {
        byte[] der = pemBody(pem, PRIVATE_LABEL, "private key");
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException | ClassCastException e) {
            throw new IllegalArgumentException("private key is not an RSA PKCS#8 key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no RSA key factory", e);
        }
    }

    /** Encrypts UTF-8 text and returns standard padded base64 (344 characters for RSA-2048). */
    public static String encryptToBase64(PublicKey publicKey, String plaintext) {
        requireRsa(publicKey, "public key");
        byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
        int maxBytes = modulusBytes(publicKey) - OAEP_OVERHEAD_BYTES;
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("plaintext is " + bytes.length + " bytes; OAEP-SHA256 with this "
                    + modulusBytes(publicKey) * 8 + "-bit key holds at most " + maxBytes);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, publicKey, OAEP_SHA256_MGF1_SHA256);
            return Base64.getEncoder().encodeToString(cipher.doFinal(bytes));
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("public key cannot be used for RSA-OAEP encryption");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP encryption failed in the JDK", e);
        }
    }

    /**
     * Decodes standard base64 and decrypts it to UTF-8 text.
     *
     * @throws IllegalArgumentException if the text is not base64 or was not encrypted for this key with this scheme
     */
    public static String decryptFromBase64(PrivateKey privateKey, String ciphertextBase64) {
        requireRsa(privateKey, "private key");
        if (ciphertextBase64 == null || ciphertextBase64.isBlank()) {
            throw new IllegalArgumentException("info (ciphertext) is empty");
        }
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(ciphertextBase64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("info (ciphertext) is not standard base64: " + e.getMessage());
        }
        if (ciphertext.length != modulusBytes(privateKey)) {
            throw new IllegalArgumentException("info (ciphertext) is " + ciphertext.length + " bytes; this key expects "
                    + modulusBytes(privateKey));
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, privateKey, OAEP_SHA256_MGF1_SHA256);
            return new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new IllegalArgumentException(
                    "info (ciphertext) does not decrypt with this key under OAEP(SHA-256, MGF1-SHA-256)");
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("private key cannot be used for RSA-OAEP decryption");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP decryption failed in the JDK", e);
        }
    }

    private static String pem(String label, byte[] der) {
        // The MIME encoder wraps at 76 with CRLF; PEM (RFC 7468 strict) and Python use 64 with LF.
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] pemBody(String pem, String label, String what) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException(what + " is empty; expected a PEM '-----BEGIN " + label + "-----' block");
        }
        String text = pem.strip();
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        if (!text.startsWith(begin)) {
            String hint = text.startsWith("-----BEGIN RSA ") ? " (PKCS#1 'RSA' PEM is not accepted; use "
                    + (label.equals(PUBLIC_LABEL) ? "SubjectPublicKeyInfo" : "PKCS#8") + ")" : "";
            throw new IllegalArgumentException(what + " does not start with '" + begin + "'" + hint);
        }
        if (!text.endsWith(end)) {
            throw new IllegalArgumentException(what + " does not end with '" + end + "'");
        }
        String body = text.substring(begin.length(), text.length() - end.length()).replaceAll("\\s+", "");
        if (body.isEmpty()) {
            throw new IllegalArgumentException(what + " has an empty PEM body");
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " PEM body is not valid base64");
        }
    }

    private static void requireRsa(Key key, String what) {
        if (key == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        if (!(key instanceof RSAKey)) {
            throw new IllegalArgumentException(what + " must be an RSA key, got " + key.getAlgorithm());
        }
    }

    private static int modulusBytes(Key key) {
        return (((RSAKey) key).getModulus().bitLength() + 7) / 8;
    }
}
