package io.computeregister.bittensor.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ss58Test {
    // //Alice, the public key every Substrate tool agrees on
    private static final byte[] ALICE =
            HexFormat.of().parseHex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
    private static final String ALICE_SS58 = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    @Test
    void encodes_alice_with_the_generic_prefix() {
        assertThat(Ss58.encode(ALICE)).isEqualTo(ALICE_SS58);
    }

    @Test
    void decodes_back_to_the_key_and_prefix() {
        Ss58.Address a = Ss58.decode(ALICE_SS58);
        assertThat(a.prefix()).isEqualTo(42);
        assertThat(a.publicKey()).isEqualTo(ALICE);
    }

    @Test
    void round_trips_a_two_byte_prefix() {
        String addr = Ss58.encode(ALICE, 1000);
        assertThat(Ss58.decode(addr).prefix()).isEqualTo(1000);
        assertThat(Ss58.decode(addr).publicKey()).isEqualTo(ALICE);
    }

    @Test
    void rejects_a_changed_character_with_a_checksum_error() {
        String tampered = ALICE_SS58.substring(0, 10) + (ALICE_SS58.charAt(10) == 'a' ? 'b' : 'a') + ALICE_SS58.substring(11);
        assertThatThrownBy(() -> Ss58.decode(tampered)).isInstanceOf(Ss58.InvalidAddressException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void rejects_non_base58_and_wrong_length() {
        assertThatThrownBy(() -> Ss58.decode("0OIl")).hasMessageContaining("base58");
        assertThatThrownBy(() -> Ss58.decode("5Grwva")).isInstanceOf(Ss58.InvalidAddressException.class);
        assertThatThrownBy(() -> Ss58.decodePublicKey(Ss58.encode(ALICE, 0), 42)).hasMessageContaining("prefix 0");
        assertThat(Ss58.isValid("")).isFalse();
    }
}
