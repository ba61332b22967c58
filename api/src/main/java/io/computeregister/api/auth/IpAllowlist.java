package io.computeregister.api.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * CIDR allowlist (IPv4 and IPv6) on the TCP peer address; no proxy headers are trusted. An empty list allows all.
 * Parsing only accepts literal addresses, so no DNS lookup ever happens here.
 */
public final class IpAllowlist {

    private record Block(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
            int rest = prefixBits % 8;
            if (rest == 0) return true;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;
    private final List<String> text;

    private IpAllowlist(List<Block> blocks, List<String> text) {
        this.blocks = blocks;
        this.text = text;
    }

    public static IpAllowlist allowAll() {
        return new IpAllowlist(List.of(), List.of());
    }

    /** Parses entries like {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1/128}; names the bad entry on failure. */
    public static IpAllowlist parse(List<String> cidrs) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : cidrs) {
            String entry = raw.trim();
            if (entry.isEmpty()) continue;
            String[] parts = entry.split("/", 2);
            byte[] address = literal(parts[0], entry);
            int bits = address.length * 8;
            if (parts.length == 2) {
                try {
                    bits = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("allowlist entry '" + entry + "': prefix length is not a number");
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("allowlist entry '" + entry + "': prefix length must be 0.."
                            + address.length * 8);
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new IpAllowlist(List.copyOf(blocks), List.copyOf(cidrs));
    }

    private static byte[] literal(String host, String entry) {
        boolean v4 = host.matches("[0-9.]+");
        boolean v6 = host.contains(":") && host.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) throw new IllegalArgumentException("allowlist entry '" + entry + "' is not an IP address or CIDR");
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: no DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("allowlist entry '" + entry + "' is not an IP address or CIDR");
        }
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean allows(String ip) {
        if (blocks.isEmpty()) return true;
        byte[] address;
        try {
            String host = ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
            address = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        byte[] mapped = unmapIpv4(address);
        for (Block block : blocks) {
            if (block.contains(address) || (mapped != null && block.contains(mapped))) return true;
        }
        return false;
    }

    /** ::ffff:a.b.c.d compares as a.b.c.d. */
    private static byte[] unmapIpv4(byte[] a) {
        if (a.length != 16) return null;
        for (int i = 0; i < 10; i++) if (a[i] != 0) return null;
        if ((a[10] & 0xFF) != 0xFF || (a[11] & 0xFF) != 0xFF) return null;
        return new byte[] {a[12], a[13], a[14], a[15]};
    }

    @Override
    public String toString() {
        return "IpAllowlist" + text;
    }
}
