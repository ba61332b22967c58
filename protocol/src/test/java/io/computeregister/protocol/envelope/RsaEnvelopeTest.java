package io.computeregister.protocol.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsaEnvelopeTest {

    private static JsonNode vector;

    @BeforeAll
    static void loadVector() throws Exception {
        // test resources testdata/rsa (its README says where the vector came from)
        try (InputStream in = RsaEnvelopeTest.class.getResourceAsStream("/testdata/rsa/oaep-sha256-vector.json")) {
            vector = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void decrypts_the_python_miner_ciphertext_to_the_exact_plaintext() {
        var privateKey = RsaEnvelope.parsePrivateKeyPem(vector.get("privateKeyPem").asText());

        String plaintext = RsaEnvelope.decryptFromBase64(privateKey, vector.get("ciphertextBase64").asText());

        assertThat(plaintext).isEqualTo(vector.get("plaintext").asText());
    }

    @Test
    void python_public_key_pem_parses_and_reencodes_byte_for_byte() {
        String pem = vector.get("publicKeyPem").asText();

        RSAPublicKey key = RsaEnvelope.parsePublicKeyPem(pem);

        assertThat(key.getModulus().bitLength()).isEqualTo(2048);
        assertThat(RsaEnvelope.publicKeyPem(key)).isEqualTo(pem);
    }

    @Test
    void encrypting_for_the_python_key_gives_344_base64_chars_that_decrypt_back() {
        var publicKey = RsaEnvelope.parsePublicKeyPem(vector.get("publicKeyPem").asText());
        var privateKey = RsaEnvelope.parsePrivateKeyPem(vector.get("privateKeyPem").asText());
        String plaintext = vector.get("plaintext").asText();

        String b64 = RsaEnvelope.encryptToBase64(publicKey, plaintext);

        assertThat(b64).hasSize(344).endsWith("=");
        assertThat(Base64.getDecoder().decode(b64)).hasSize(256);
        assertThat(RsaEnvelope.decryptFromBase64(privateKey, b64)).isEqualTo(plaintext);
        // OAEP is randomized: the same plaintext never gives the same ciphertext twice.
        assertThat(RsaEnvelope.encryptToBase64(publicKey, plaintext)).isNotEqualTo(b64);
    }

    @Test
    void generated_keys_have_the_pem_layout_of_section_4_and_round_trip() {
        KeyPair pair = RsaEnvelope.generateKeyPair();

        String publicPem = RsaEnvelope.publicKeyPem(pair.getPublic());
        String privatePem = RsaEnvelope.privateKeyPem(pair.getPrivate());

        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n")
                .doesNotContain("\r");
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        String[] lines = publicPem.split("\n");
        for (int i = 1; i < lines.length - 2; i++) {
            assertThat(lines[i]).as("line %d", i).hasSize(64);
        }
        assertThat(lines[lines.length - 2].length()).isBetween(1, 64);
        assertThat(((RSAPublicKey) pair.getPublic()).getPublicExponent().intValue()).isEqualTo(65537);

        var info = new AllocationInfo("root", "Xy12Zw34Ab", 40001, 183).toJson();
        String b64 = RsaEnvelope.encryptToBase64(RsaEnvelope.parsePublicKeyPem(publicPem), info);
        assertThat(RsaEnvelope.decryptFromBase64(RsaEnvelope.parsePrivateKeyPem(privatePem), b64)).isEqualTo(info);
    }

    @Test
    void pem_with_crlf_line_endings_and_surrounding_blanks_is_accepted() {
        String pem = "\n  " + vector.get("publicKeyPem").asText().replace("\n", "\r\n") + "  \n";

        assertThat(RsaEnvelope.parsePublicKeyPem(pem).getModulus().bitLength()).isEqualTo(2048);
    }

    @Test
    void garbage_public_keys_are_rejected_with_a_message_naming_the_problem() {
        assertThatThrownBy(() -> RsaEnvelope.parsePublicKeyPem(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("public_key is empty");
        assertThatThrownBy(() -> RsaEnvelope.parsePublicKeyPem("ssh-rsa AAAAB3NzaC1yc2E user@host"))
                .hasMessageContaining("public_key does not start with '-----BEGIN PUBLIC KEY-----'");
        assertThatThrownBy(() -> RsaEnvelope.parsePublicKeyPem("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n"))
                .hasMessageContaining("PKCS#1");
        assertThatThrownBy(() -> RsaEnvelope.parsePublicKeyPem("-----BEGIN PUBLIC KEY-----\n!!notbase64!!\n-----END PUBLIC KEY-----\n"))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> RsaEnvelope.parsePublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAAAAAA\n-----END PUBLIC KEY-----\n"))
                .hasMessageContaining("not an RSA SubjectPublicKeyInfo key");
        assertThatThrownBy(() -> RsaEnvelope.parsePublicKeyPem("-----BEGIN PUBLIC KEY-----\nAAAAAAAA\n"))
                .hasMessageContaining("does not end with '-----END PUBLIC KEY-----'");
    }

    @Test
    void ciphertext_for_another_key_or_not_base64_is_rejected_without_echoing_secrets() {
        var otherKey = RsaEnvelope.generateKeyPair().getPrivate();
        String ciphertext = vector.get("ciphertextBase64").asText();

        assertThatThrownBy(() -> RsaEnvelope.decryptFromBase64(otherKey, ciphertext))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not decrypt with this key");
        assertThatThrownBy(() -> RsaEnvelope.decryptFromBase64(otherKey, "***"))
                .hasMessageContaining("not standard base64");
        assertThatThrownBy(() -> RsaEnvelope.decryptFromBase64(otherKey, "AAAA"))
                .hasMessageContaining("is 3 bytes; this key expects 256");
    }

    @Test
    void plaintext_longer_than_oaep_allows_is_refused_with_the_limit() {
        var publicKey = RsaEnvelope.parsePublicKeyPem(vector.get("publicKeyPem").asText());

        assertThatThrownBy(() -> RsaEnvelope.encryptToBase64(publicKey, "x".repeat(191)))
                .hasMessageContaining("191 bytes").hasMessageContaining("at most 190");
    }
}
