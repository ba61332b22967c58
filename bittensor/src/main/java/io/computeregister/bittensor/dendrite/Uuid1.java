package io.computeregister.bittensor.dendrite;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * A version-1 (time-based) UUID like Python's {@code uuid.uuid1()}, which the dendrite sends as its session id. The
 * node field is random with the multicast bit set (RFC 4122 §4.5), so it reveals no MAC address.
 */
final class Uuid1 {
    /** 100-ns intervals between 1582-10-15 (the Gregorian epoch of RFC 4122) and 1970-01-01. */
    private static final long GREGORIAN_OFFSET = 0x01B21DD213814000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Uuid1() {}

    static String generate() {
        Instant now = Instant.now();
        long ticks = now.getEpochSecond() * 10_000_000L + now.getNano() / 100 + GREGORIAN_OFFSET;
        long timeLow = ticks & 0xFFFFFFFFL;
        long timeMid = (ticks >>> 32) & 0xFFFFL;
        long timeHi = (ticks >>> 48) & 0x0FFFL;
        long msb = (timeLow << 32) | (timeMid << 16) | 0x1000L | timeHi;
        long clockSeq = RANDOM.nextInt(1 << 14);
        long node = (RANDOM.nextLong() & 0xFFFFFFFFFFFFL) | 0x010000000000L;
        long lsb = (0x8000L | clockSeq) << 48 | node;
        return new UUID(msb, lsb).toString();
    }
}
