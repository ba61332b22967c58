package io.computeregister.bittensor.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.crypto.Sr25519;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletTest {
    // btwallet's tests/test_keyfile.py key (a public test mnemonic)
    private static final String PHRASE = "old leopard transfer rib spatial phone calm indicate online fire caution review";
    private static final String SEED = "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143";
    private static final String PUB = "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446";
    private static final String SS58 = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX";

    @TempDir
    Path root;

    private Path hotkeyFile(String wallet, String hotkey, String content) throws IOException {
        Path dir = Files.createDirectories(root.resolve(wallet).resolve("hotkeys"));
        return Files.writeString(dir.resolve(hotkey), content);
    }

    @Test
    void btwallet_plaintext_hotkey_loads_and_signs() throws IOException {
        hotkeyFile("validator", "default", """
                {"accountId":"%s","publicKey":"%s","privateKey":null,"secretPhrase":"%s","secretSeed":"%s","ss58Address":"%s"}
                """.formatted(PUB, PUB, PHRASE, SEED, SS58));
        Keypair kp = Wallet.hotkey(root, "validator", "default");
        assertThat(kp.ss58Address()).isEqualTo(SS58);
        assertThat(Sr25519.verify(kp.publicKey(), "m".getBytes(), kp.sign("m".getBytes()))).isTrue();
    }

    @Test
    void bittensor_6_file_with_nulls_and_only_a_phrase_loads() throws IOException {
        hotkeyFile("w", "h", """
                {"accountId": null, "publicKey": null, "secretPhrase": "%s", "secretSeed": null, "ss58Address": null}
                """.formatted(PHRASE));
        assertThat(Wallet.hotkey(root, "w", "h").ss58Address()).isEqualTo(SS58);
    }

    @Test
    void file_with_only_a_private_key_loads() throws Exception {
        // privateKey = schnorrkel SecretKey bytes (key ‖ nonce): key = clamp(SHA-512(seed)[0..32]) / 8, nonce = the rest.
        byte[] h = java.security.MessageDigest.getInstance("SHA-512").digest(HexFormat.of().parseHex(SEED.substring(2)));
        h[0] &= (byte) 248;
        h[31] &= 63;
        h[31] |= 64;
        byte[] keyLe = new byte[32];
        java.math.BigInteger key = new java.math.BigInteger(1, reversed(java.util.Arrays.copyOf(h, 32))).shiftRight(3);
        byte[] keyBe = key.toByteArray();
        for (int i = 0; i < Math.min(32, keyBe.length); i++) {
            keyLe[i] = keyBe[keyBe.length - 1 - i];
        }
        String privateKey = "0x" + HexFormat.of().formatHex(keyLe) + HexFormat.of().formatHex(h, 32, 64);
        hotkeyFile("w", "private", "{\"privateKey\":\"" + privateKey + "\",\"publicKey\":\"" + PUB + "\"}");
        assertThat(Wallet.hotkey(root, "w", "private").ss58Address()).isEqualTo(SS58);
    }

    private static byte[] reversed(byte[] a) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[a.length - 1 - i];
        }
        return out;
    }

    @Test
    void file_with_only_a_seed_loads() throws IOException {
        hotkeyFile("w", "seedonly", "{\"secretSeed\":\"" + SEED + "\"}");
        assertThat(Wallet.hotkey(root, "w", "seedonly").ss58Address()).isEqualTo(SS58);
    }

    @Test
    void coldkeypub_gives_the_address_in_both_json_and_bare_hex_forms() throws IOException {
        Files.createDirectories(root.resolve("a"));
        Files.writeString(root.resolve("a/coldkeypub.txt"),
                "{\"accountId\":\"" + PUB + "\",\"publicKey\":\"" + PUB + "\",\"ss58Address\":\"" + SS58 + "\"}");
        assertThat(Wallet.coldkeyPub(root, "a")).isEqualTo(SS58);
        Files.createDirectories(root.resolve("b"));
        Files.writeString(root.resolve("b/coldkeypub.txt"), PUB + "\n");
        assertThat(Wallet.coldkeyPub(root, "b")).isEqualTo(SS58);
    }

    @Test
    void encrypted_keyfiles_are_refused_with_a_clear_message() throws IOException {
        for (String prefix : new String[] {"$NACL", "$ANSIBLE_VAULT;1.1;AES256", "gAAAAABk"}) {
            Path file = hotkeyFile("enc", "k", prefix + "rest-of-ciphertext");
            assertThatThrownBy(() -> Wallet.hotkey(root, "enc", "k"))
                    .isInstanceOf(KeyFileException.class)
                    .hasMessageContaining("encrypted keyfiles are not supported yet")
                    .hasMessageContaining(file.toString())
                    .hasMessageNotContaining("rest-of-ciphertext");
        }
    }

    @Test
    void missing_wallet_or_hotkey_names_the_path() throws IOException {
        assertThatThrownBy(() -> Wallet.hotkey(root, "nope", "default"))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(root.resolve("nope").toString())
                .hasMessageContaining("does not exist");
        Files.createDirectories(root.resolve("w/hotkeys"));
        assertThatThrownBy(() -> Wallet.hotkey(root, "w", "missing"))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining(root.resolve("w/hotkeys/missing").toString())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Wallet.coldkeyPub(root, "w"))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("coldkeypub.txt");
    }

    @Test
    void broken_json_is_reported_without_quoting_the_content() throws IOException {
        hotkeyFile("w", "broken", "{\"secretSeed\": \"0xdeadbeefsecret");
        assertThatThrownBy(() -> Wallet.hotkey(root, "w", "broken"))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageNotContaining("deadbeef");
    }

    @Test
    void secret_that_does_not_match_the_stated_address_is_refused() throws IOException {
        hotkeyFile("w", "mixed", "{\"secretSeed\":\"" + SEED + "\",\"ss58Address\":\""
                + Keypair.fromSuri("//Alice").ss58Address() + "\"}");
        assertThatThrownBy(() -> Wallet.hotkey(root, "w", "mixed"))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void public_only_hotkey_file_cannot_sign() throws IOException {
        hotkeyFile("w", "pub", "{\"ss58Address\":\"" + SS58 + "\"}");
        assertThatThrownBy(() -> Wallet.hotkey(root, "w", "pub"))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("holds no secret");
    }

    @Test
    void names_that_are_paths_are_rejected() {
        assertThatThrownBy(() -> Wallet.hotkey(root, "../etc", "default"))
                .isInstanceOf(KeyFileException.class)
                .hasMessageContaining("plain name");
    }

    @Test
    void default_path_is_under_the_home_directory() {
        assertThat(Wallet.defaultPath())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".bittensor", "wallets"));
    }
}
