package io.computeregister.bittensor.subtensor;

import io.computeregister.bittensor.scale.ScaleReader;

/** A neuron's Prometheus endpoint. SCALE, fixed 31 bytes: {@code block u64 ‖ version u32 ‖ ip u128 ‖ port u16 ‖ ip_type u8}. */
public record PrometheusInfo(long block, long version, String ip, int port, int ipType) {

    static PrometheusInfo read(ScaleReader r) {
        long block = r.u64();
        long version = r.u32();
        var ip = r.u128();
        int port = r.u16();
        int ipType = r.u8();
        return new PrometheusInfo(block, version, IpAddresses.toText(ip, ipType), port, ipType);
    }
}
