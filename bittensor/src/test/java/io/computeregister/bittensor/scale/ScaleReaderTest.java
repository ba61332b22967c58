package io.computeregister.bittensor.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScaleReaderTest {

    private static ScaleReader hex(String h) {
        return new ScaleReader(HexFormat.of().parseHex(h));
    }

    @Test
    void compact_integers_decode_in_all_four_modes() {
        // Vectors from the SCALE specification (docs.substrate.io "SCALE codec", Compact/general integers).
        Map<String, BigInteger> cases = Map.of(
                "00", BigInteger.ZERO,
                "04", BigInteger.ONE,
                "a8", BigInteger.valueOf(42),
                "fc", BigInteger.valueOf(63),
                "0101", BigInteger.valueOf(64),
                "1501", BigInteger.valueOf(69),
                "fdff", BigInteger.valueOf(16383),
                "02000100", BigInteger.valueOf(16384),
                "feffffff", BigInteger.valueOf((1L << 30) - 1),
                "0300000040", BigInteger.ONE.shiftLeft(30));
        cases.forEach((h, v) -> {
            ScaleReader r = hex(h);
            assertThat(r.compact()).as(h).isEqualTo(v);
            r.expectEnd(h);
        });
    }

    @Test
    void compact_big_integer_mode_reads_u64_max_and_beyond() {
        assertThat(hex("13ffffffffffffffff").compactU64()).isEqualTo(-1L); // u64::MAX, unsigned in a long
        assertThat(hex("17" + "ff".repeat(9)).compact()).isEqualTo(BigInteger.ONE.shiftLeft(72).subtract(BigInteger.ONE));
        assertThatThrownBy(() -> hex("17000000000000000001").compactU64())
                .isInstanceOf(ScaleDecodeException.class)
                .hasMessageContaining("does not fit u64");
    }

    @Test
    void compact_writer_and_reader_round_trip_across_mode_boundaries() {
        List<BigInteger> values = List.of(
                BigInteger.ZERO, BigInteger.valueOf(63), BigInteger.valueOf(64), BigInteger.valueOf(16383),
                BigInteger.valueOf(16384), BigInteger.valueOf((1L << 30) - 1), BigInteger.ONE.shiftLeft(30),
                BigInteger.valueOf(2557172316L), new BigInteger("18446744073709551615"),
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(535));
        for (BigInteger v : values) {
            ScaleReader r = new ScaleReader(new ScaleWriter().compact(v).toByteArray());
            assertThat(r.compact()).isEqualTo(v);
            r.expectEnd(v.toString());
        }
    }

    @Test
    void non_canonical_compacts_are_rejected() {
        assertThatThrownBy(() -> hex("0100").compact()).hasMessageContaining("non-canonical");
        assertThatThrownBy(() -> hex("03ffffff00").compact()).hasMessageContaining("non-canonical");
    }

    @Test
    void fixed_width_integers_are_little_endian() {
        ScaleReader r = hex("2a" + "1b00" + "397f8900" + "2257640000000000" + "6d3bdec0000000000000000000000000");
        assertThat(r.u8()).isEqualTo(42);
        assertThat(r.u16()).isEqualTo(27);
        assertThat(r.u32()).isEqualTo(9011001);
        assertThat(r.u64()).isEqualTo(6575906);
        assertThat(r.u128()).isEqualTo(BigInteger.valueOf(0xc0de3b6dL)); // 192.222.59.109
        r.expectEnd("fixed");
    }

    @Test
    void unsigned_values_keep_their_top_bit() {
        assertThat(hex("ffffffff").u32()).isEqualTo(4294967295L);
        assertThat(hex("ffff").u16()).isEqualTo(65535);
        assertThat(hex("ffffffffffffffffffffffffffffffff").u128()).isEqualTo(BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
    }

    @Test
    void bool_option_vec_and_tuples_decode() {
        ScaleReader r = hex("01" + "00" + "0108" + "00" + "0c010203" + "08" + "0104" + "0008");
        assertThat(r.bool()).isTrue();
        assertThat(r.bool()).isFalse();
        assertThat(r.option(ScaleReader::compactU64)).isEqualTo(Optional.of(2L));
        assertThat(r.option(ScaleReader::u8)).isEmpty();
        assertThat(r.vec(ScaleReader::u8)).containsExactly(1, 2, 3);
        record Pair(boolean flag, long n) {}
        assertThat(r.vec(x -> new Pair(x.bool(), x.compactU64()))).containsExactly(new Pair(true, 1), new Pair(false, 2));
        r.expectEnd("values");
    }

    @Test
    void account_ids_read_32_bytes_and_print_as_ss58() {
        ScaleReader r = hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
        assertThat(r.accountId().ss58()).isEqualTo("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    }

    @Test
    void a_bad_bool_or_option_tag_names_its_offset() {
        ScaleReader r = hex("0102");
        r.bool();
        assertThatThrownBy(r::bool)
                .isInstanceOf(ScaleDecodeException.class)
                .hasMessage("bool byte must be 0 or 1, got 0x2 (at byte offset 1)");
        assertThatThrownBy(() -> hex("05").option(ScaleReader::u8)).hasMessageContaining("Option tag");
    }

    @Test
    void a_vec_longer_than_the_data_fails_before_allocating() {
        assertThatThrownBy(() -> hex("feffffff00").vec(ScaleReader::u8))
                .isInstanceOf(ScaleDecodeException.class)
                .hasMessageContaining("exceeds the 1 bytes left")
                .hasMessageContaining("offset 0");
    }

    @Test
    void running_out_of_bytes_names_the_offset_and_what_was_being_read() {
        ScaleReader r = hex("010203");
        r.u16();
        assertThatThrownBy(r::u32)
                .hasMessage("unexpected end of data reading u32: need 4 byte(s), 1 left (at byte offset 2)");
    }

    @Test
    void trailing_bytes_fail_expect_end() {
        ScaleReader r = hex("0000");
        r.u8();
        assertThatThrownBy(() -> r.expectEnd("thing")).hasMessage("1 trailing byte(s) after thing (at byte offset 1)");
    }

    @Test
    void byte_vectors_read_their_length_prefix() {
        ScaleReader r = hex("0cabcdef");
        assertThat(r.byteVec()).containsExactly(0xab, 0xcd, 0xef);
        assertThatThrownBy(() -> hex("0cab").byteVec()).hasMessageContaining("exceeds");
    }
}
