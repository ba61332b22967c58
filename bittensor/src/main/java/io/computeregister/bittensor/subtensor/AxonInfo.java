package io.computeregister.bittensor.subtensor;

import io.computeregister.bittensor.scale.ScaleReader;
import java.math.BigInteger;

/**
 * The axon endpoint a neuron published on chain. SCALE layout, fixed 34 bytes: {@code block u64 ‖ version u32 ‖ ip u128
 * ‖ port u16 ‖ ip_type u8 ‖ protocol u8 ‖ placeholder1 u8 ‖ placeholder2 u8}.
 *
 * @param ip the address as text (IPv4 or IPv6 according to {@code ipType}); "0.0.0.0" when never served
 */
public record AxonInfo(long block, long version, String ip, int port, int ipType, int protocol) {

    static AxonInfo read(ScaleReader r) {
        long block = r.u64();
        long version = r.u32();
        BigInteger ip = r.u128();
        int port = r.u16();
        int ipType = r.u8();
        int protocol = r.u8();
        r.u8(); // placeholder1
        r.u8(); // placeholder2
        return new AxonInfo(block, version, IpAddresses.toText(ip, ipType), port, ipType, protocol);
    }

    /** Bittensor's definition of a serving axon: an IP other than 0.0.0.0 is set. */
    public boolean isServing() {
        return !"0.0.0.0".equals(ip);
    }

    /** {@code ip:port}, with IPv6 in brackets. */
    public String hostPort() {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
