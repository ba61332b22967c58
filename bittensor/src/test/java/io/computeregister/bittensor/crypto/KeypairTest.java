package io.computeregister.bittensor.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KeypairTest {
    private static final String DEV = SecretUri.DEV_PHRASE;

    @Test
    void dev_uri_alice_equals_dev_phrase_with_hard_junction() {
        assertThat(Keypair.fromSuri("//Alice").ss58Address())
                .isEqualTo(Keypair.fromSuri(DEV + "//Alice").ss58Address())
                .isEqualTo("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    }

    @Test
    void dev_phrase_alone_gives_the_documented_root_key() {
        assertThat(HexFormat.of().formatHex(Keypair.fromSuri(DEV).publicKey()))
                .isEqualTo("46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a");
    }

    @Test
    void the_dev_phrases_kept_mini_secret_is_the_one_pbkdf2_derives() {
        assertThat(HexFormat.of().formatHex(Bip39.miniSecret(DEV, ""))).isEqualTo(SecretUri.DEV_MINI_SECRET_HEX);
        // with a password the phrase is derived, not taken from the kept value
        assertThat(Keypair.fromSuri(DEV + "///pw").ss58Address())
                .isEqualTo(Keypair.fromSuri("0x" + HexFormat.of().formatHex(Bip39.miniSecret(DEV, "pw"))).ss58Address())
                .isNotEqualTo(Keypair.fromSuri(DEV).ss58Address());
    }

    @Test
    void hard_soft_and_password_parts_each_change_the_key_deterministically() {
        String base = "old leopard transfer rib spatial phone calm indicate online fire caution review";
        String root = Keypair.fromSuri(base).ss58Address();
        String hard = Keypair.fromSuri(base + "//hard").ss58Address();
        String soft = Keypair.fromSuri(base + "/soft").ss58Address();
        String password = Keypair.fromSuri(base + "///secret").ss58Address();
        assertThat(java.util.Set.of(root, hard, soft, password)).hasSize(4);
        assertThat(Keypair.fromSuri(base + "//hard").ss58Address()).isEqualTo(hard);
        assertThat(Keypair.fromSuri(base + "/soft").ss58Address()).isEqualTo(soft);
        assertThat(Keypair.fromSuri(base + "///secret").ss58Address()).isEqualTo(password);
    }

    @Test
    void soft_derived_key_signs_verifiably() {
        Keypair kp = Keypair.fromSuri("//Alice/stash/1");
        byte[] sig = kp.sign("hi".getBytes());
        assertThat(Sr25519.verify(kp.publicKey(), "hi".getBytes(), sig)).isTrue();
    }

    @Test
    void invalid_uris_and_mnemonics_give_clear_messages_without_the_secret() {
        String wrongWord = "old leopard transfer rib spatial phone calm indicate online fire caution zzzzz";
        assertThatThrownBy(() -> Keypair.fromSuri(wrongWord))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("word 12")
                .hasMessageNotContaining("leopard")
                .hasMessageNotContaining("zzzzz");
        String badChecksum = "old leopard transfer rib spatial phone calm indicate online fire caution caution";
        assertThatThrownBy(() -> Keypair.fromSuri(badChecksum))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum")
                .hasMessageNotContaining("leopard");
        assertThatThrownBy(() -> Keypair.fromSuri("only three words"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12, 15, 18, 21 or 24 words");
        assertThatThrownBy(() -> Keypair.fromSuri("0x1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Keypair.fromSuri("0xzz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid hex");
        assertThatThrownBy(() -> Keypair.fromSuri(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Keypair.fromSuri("not-a-phrase!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed")
                .hasMessageNotContaining("not-a-phrase");
        assertThatThrownBy(() -> Keypair.fromSeed(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void a_64_byte_secret_key_seed_gives_the_same_key_as_its_mini_secret() {
        byte[] mini = HexFormat.of().parseHex("da3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143");
        String expanded = HexFormat.of().formatHex(SecretKey.expandEd25519(mini).toBytes());
        assertThat(Keypair.fromSuri("0x" + expanded).ss58Address())
                .isEqualTo("5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX");
    }

    @Test
    void generated_mnemonic_round_trips_through_entropy() {
        String phrase = Bip39.generate();
        assertThat(phrase.split(" ")).hasSize(12);
        assertThat(Bip39.phrase(Bip39.entropy(phrase))).isEqualTo(phrase);
        assertThat(Keypair.fromSuri(phrase).ss58Address()).startsWith("5");
    }

    @Test
    void to_string_shows_the_address_but_no_secret() {
        Keypair kp = Keypair.fromSuri("//Alice");
        assertThat(kp.toString()).contains(kp.ss58Address()).doesNotContain("bottom").doesNotContain("e5be9a50");
    }
}
