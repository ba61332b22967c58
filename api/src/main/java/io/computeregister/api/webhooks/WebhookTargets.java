package io.computeregister.api.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which hosts a webhook may be sent to. A webhook URL is chosen by a renter but fetched by the API from inside the
 * operator's network, so by default ({@link #PUBLIC_ONLY}) only globally routable addresses are targets: loopback,
 * private (RFC 1918, CGNAT, IPv6 ULA), link-local (which holds cloud metadata endpoints such as 169.254.169.254),
 * multicast, documentation and reserved ranges are refused, at registration and again before every delivery (a name
 * can be re-pointed after it was registered; redirects are never followed). {@link #ANY} lifts the check for private
 * fleets whose receivers live on the internal network ({@code compute api --allow-private-webhooks}, and the demo).
 *
 * <p>The check resolves the name with {@link InetAddress}, whose cache (30 s by default) the HTTP client's own lookup
 * then hits, which keeps the window for a DNS answer that changes between the check and the connection small.
 */
public enum WebhookTargets {
    PUBLIC_ONLY,
    ANY;

    /** Null when {@code url} may be called; otherwise why not, naming the host (never a secret: URLs hold none). */
    public String refusal(URI url) {
        if (this == ANY) return null;
        String host = url.getHost();
        if (host == null) return "the URL has no host";
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
        for (InetAddress a : addresses) {
            if (!isPublic(a)) {
                return "host " + host + " is " + a.getHostAddress() + ", not a public address (the API's own network "
                        + "is no webhook target unless the API runs with --allow-private-webhooks)";
            }
        }
        return null;
    }

    /** True for a globally routable unicast address. */
    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) return isPublicV4(b);
        if (a instanceof Inet6Address v6) {
            if (v6.isIPv4CompatibleAddress()) return false;
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) return false;                          // fc00::/7 unique local
            if (prefix(b, 0x20, 0x01, 0x0d, 0xb8)) return false;                // 2001:db8::/32 documentation
            if (prefix(b, 0x20, 0x01, 0x00, 0x00)) return false;                // 2001::/32 Teredo (tunnels to v4)
            if (prefix(b, 0x20, 0x02)) return isPublicV4(slice(b, 2));          // 2002::/16 6to4 embeds a v4 address
            if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && zero(b, 4, 12)) {          // 64:ff9b::/96 NAT64 embeds one too
                return isPublicV4(slice(b, 12));
            }
            if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                return isPublicV4(slice(b, 12));                              // ::ffff:a.b.c.d (if not converted)
            }
            return true;
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int o1 = b[0] & 0xff;
        int o2 = b[1] & 0xff;
        int o3 = b[2] & 0xff;
        return !(o1 == 0                                   // 0.0.0.0/8 "this network"
                || o1 == 10                                // 10/8 private
                || o1 == 127                               // loopback
                || (o1 == 100 && (o2 & 0xc0) == 64)        // 100.64/10 carrier-grade NAT
                || (o1 == 169 && o2 == 254)                // link-local, cloud metadata
                || (o1 == 172 && (o2 & 0xf0) == 16)        // 172.16/12 private
                || (o1 == 192 && o2 == 168)                // 192.168/16 private
                || (o1 == 192 && o2 == 0 && (o3 == 0 || o3 == 2))   // 192.0.0/24 IETF, 192.0.2/24 TEST-NET-1
                || (o1 == 198 && (o2 & 0xfe) == 18)        // 198.18/15 benchmarking
                || (o1 == 198 && o2 == 51 && o3 == 100)    // TEST-NET-2
                || (o1 == 203 && o2 == 0 && o3 == 113)     // TEST-NET-3
                || o1 >= 224);                             // multicast, reserved, broadcast
    }

    private static boolean prefix(byte[] b, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((b[i] & 0xff) != bytes[i]) return false;
        }
        return true;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) return false;
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }
}
