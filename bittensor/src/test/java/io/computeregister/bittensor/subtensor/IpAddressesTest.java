package io.computeregister.bittensor.subtensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Test
    void ipv4_sits_in_the_low_32_bits() {
        assertThat(IpAddresses.toText(BigInteger.valueOf(0xc0de3b6dL), 4)).isEqualTo("192.222.59.109");
        assertThat(IpAddresses.toText(BigInteger.ZERO, 4)).isEqualTo("0.0.0.0");
        assertThat(IpAddresses.toText(BigInteger.ZERO, 0)).isEqualTo("0.0.0.0");
    }

    @Test
    void ipv6_prints_compressed() {
        BigInteger docPrefix = new BigInteger("20010db8000000000000000000000001", 16);
        assertThat(IpAddresses.toText(docPrefix, 6)).isEqualTo("2001:db8::1");
        assertThat(IpAddresses.toText(BigInteger.ONE, 6)).isEqualTo("::1");
        assertThat(IpAddresses.toText(BigInteger.ZERO, 6)).isEqualTo("::");
        BigInteger noRun = new BigInteger("20010db8000100020003000400050006", 16);
        assertThat(IpAddresses.toText(noRun, 6)).isEqualTo("2001:db8:1:2:3:4:5:6");
        BigInteger twoRuns = new BigInteger("20010000000000010000000000000001", 16);
        assertThat(IpAddresses.toText(twoRuns, 6)).isEqualTo("2001:0:0:1::1");
    }

    @Test
    void an_unknown_type_with_a_wide_value_is_ipv6() {
        assertThat(IpAddresses.toText(BigInteger.ONE.shiftLeft(64), 0)).isEqualTo("0:0:0:1::");
    }
}
