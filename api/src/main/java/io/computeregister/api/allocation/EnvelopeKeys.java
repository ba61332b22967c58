package io.computeregister.api.allocation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The per-allocation RSA key pair of the original's envelope (registerapi-reference §4): 2048-bit, e = 65537, public
 * key as SPKI PEM with 64-character lines and LF endings; the miner encrypts {@code info} with OAEP(SHA-256,
 * MGF1-SHA-256, no label). The private key lives only as long as the request.
 *
 * <p>TODO(protocol): replace with {@code io.computeregister.protocol.envelope.RsaEnvelope} once it lands.
 */
public final class EnvelopeKeys {

    // SunJCE would use SHA-1 for MGF1 by default; the miner uses SHA-256 for both (reference §4, Java note).
    private static final OAEPParameterSpec OAEP =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private final String publicPem;
    private final PrivateKey privateKey;

    private EnvelopeKeys(String publicPem, PrivateKey privateKey) {
        this.publicPem = publicPem;
        this.privateKey = privateKey;
    }

    public static EnvelopeKeys generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
            KeyPair pair = generator.generateKeyPair();
            return new EnvelopeKeys(pem(pair.getPublic().getEncoded()), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    private static String pem(byte[] spki) {
        String b64 = Base64.getEncoder().encodeToString(spki);
        StringBuilder sb = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
        for (int i = 0; i < b64.length(); i += 64) sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        return sb.append("-----END PUBLIC KEY-----\n").toString();
    }

    /** The PEM sent as {@code Allocate.public_key} and stored as the allocation's regkey. */
    public String publicPem() {
        return publicPem;
    }

    /** Decrypts the miner's base64 {@code info} to its UTF-8 JSON text. */
    public String decrypt(String base64Ciphertext) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, privateKey, OAEP);
        return new String(cipher.doFinal(Base64.getDecoder().decode(base64Ciphertext.trim())), StandardCharsets.UTF_8);
    }

    /** Encrypts as a miner would (tests, and the in-process miner used by the demo). */
    public static String encryptFor(String publicPem, String plaintext) throws GeneralSecurityException {
        String b64 = publicPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, OAEP);
        return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "EnvelopeKeys[private=***]";
    }
}
