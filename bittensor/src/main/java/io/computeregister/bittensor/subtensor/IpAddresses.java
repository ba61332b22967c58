package io.computeregister.bittensor.subtensor;

import java.math.BigInteger;
import java.util.Arrays;

/** Turns the u128 integer a chain stores for an IP address into text. Package-private: only the axon decoders use it. */
final class IpAddresses {
    private IpAddresses() {}

    /**
     * IPv4 for {@code ipType} 4 (the value sits in the low 32 bits; "0.0.0.0" for an unset axon), IPv6 for 6. Any other
     * type follows Python's {@code netaddr.IPAddress(int)}: IPv4 when the value fits 32 bits, else IPv6.
     */
    static String toText(BigInteger ip, int ipType) {
        boolean v4 = ipType == 4 || (ipType != 6 && ip.bitLength() <= 32);
        if (v4 && ip.bitLength() <= 32) {
            long v = ip.longValue();
            return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
        }
        String[] groups = new String[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = Integer.toHexString(ip.shiftRight(16 * (7 - i)).intValue() & 0xffff);
        }
        return compressLongestZeroRun(groups);
    }

    /** RFC 5952 §4.2: the longest run (at least two) of zero groups becomes "::", the first one on a tie. */
    private static String compressLongestZeroRun(String[] groups) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            int j = i;
            while (j < groups.length && groups[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(j, i + 1);
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return head + "::" + tail;
    }
}
