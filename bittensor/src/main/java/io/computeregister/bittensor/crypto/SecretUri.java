package io.computeregister.bittensor.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Substrate's secret URI ({@code sp_core::crypto::SecretUri}): {@code [phrase or 0xSEED][//hard|/soft]*[///password]}.
 * An empty phrase means the well-known development phrase, so {@code //Alice} is the dev account Alice.
 */
record SecretUri(String phrase, List<Junction> junctions, String password) {

    /** Substrate's {@code DEV_PHRASE}: public, for development chains only. */
    static final String DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

    /**
     * {@link #DEV_PHRASE}'s mini secret without a password, {@code Bip39.miniSecret(DEV_PHRASE, "")}, the "secret
     * seed" that {@code subkey inspect} prints for it: public like the phrase. Kept so that a {@code //Alice} hotkey
     * costs no PBKDF2 (2,048 rounds of HMAC-SHA512, a tenth of {@code compute api}'s start-up), as a wallet's hotkey
     * file, which holds its seed, costs none. KeypairTest derives it.
     */
    static final String DEV_MINI_SECRET_HEX = "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e";

    // Same shape as sp_core's regex: phrase of word characters and spaces, then junctions, then ///password.
    private static final Pattern SURI = Pattern.compile(
            "^([\\w ]+)?((?://?[^/]+)*)(?:///(.*))?$", Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);
    private static final Pattern JUNCTION = Pattern.compile("//?[^/]+");

    /** One derivation step: a 32-byte chain code, hard ({@code //}) or soft ({@code /}). */
    record Junction(byte[] chainCode, boolean hard) {
        /**
         * sp_core {@code DeriveJunction::from}: a decimal u64 is SCALE-encoded as 8 little-endian bytes, anything
         * else as a SCALE string (compact length + UTF-8); encodings over 32 bytes are replaced by their Blake2b-256.
         */
        static Junction parse(String code, boolean hard) {
            byte[] encoded;
            try {
                long n = Long.parseUnsignedLong(code);
                encoded = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
            } catch (NumberFormatException notANumber) {
                encoded = scaleString(code);
            }
            byte[] chainCode = new byte[32];
            if (encoded.length > 32) {
                Blake2bDigest blake = new Blake2bDigest(256);
                blake.update(encoded, 0, encoded.length);
                blake.doFinal(chainCode, 0);
            } else {
                System.arraycopy(encoded, 0, chainCode, 0, encoded.length);
            }
            return new Junction(chainCode, hard);
        }
    }

    static SecretUri parse(String suri) {
        if (suri == null || suri.isBlank()) {
            throw new IllegalArgumentException("secret URI is empty");
        }
        Matcher m = SURI.matcher(suri);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "secret URI is malformed: expected a mnemonic or 0x seed, then //hard or /soft junctions,"
                            + " then an optional ///password");
        }
        String phrase = m.group(1) == null || m.group(1).isBlank() ? DEV_PHRASE : m.group(1);
        List<Junction> junctions = new ArrayList<>();
        Matcher j = JUNCTION.matcher(m.group(2));
        while (j.find()) {
            String token = j.group();
            boolean hard = token.startsWith("//");
            junctions.add(Junction.parse(token.substring(hard ? 2 : 1), hard));
        }
        return new SecretUri(phrase, List.copyOf(junctions), m.group(3));
    }

    private static byte[] scaleString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] length = compact(utf8.length);
        byte[] out = new byte[length.length + utf8.length];
        System.arraycopy(length, 0, out, 0, length.length);
        System.arraycopy(utf8, 0, out, length.length, utf8.length);
        return out;
    }

    /** SCALE compact encoding of a length (single-, two- and four-byte modes cover any String here). */
    private static byte[] compact(int n) {
        if (n < 1 << 6) {
            return new byte[] {(byte) (n << 2)};
        }
        if (n < 1 << 14) {
            int v = (n << 2) | 0b01;
            return new byte[] {(byte) v, (byte) (v >>> 8)};
        }
        if (n < 1 << 30) {
            int v = (n << 2) | 0b10;
            return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
        }
        throw new IllegalArgumentException("derivation junction too long");
    }

    @Override
    public String toString() {
        return "SecretUri[redacted]";
    }
}
