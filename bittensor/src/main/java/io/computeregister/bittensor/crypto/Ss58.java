package io.computeregister.bittensor.crypto;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * SS58 addresses (Substrate's base58 account format): {@code base58(prefix ‖ publicKey ‖ checksum)}, the checksum being
 * the first two bytes of Blake2b-512 over {@code "SS58PRE" ‖ prefix ‖ publicKey}. Bittensor uses prefix 42.
 */
public final class Ss58 {
    /** The generic Substrate prefix, the one Bittensor addresses use. */
    public static final int DEFAULT_PREFIX = 42;

    private static final byte[] CONTEXT = "SS58PRE".getBytes(StandardCharsets.US_ASCII);
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

    private Ss58() {}

    /** A decoded address: network prefix and 32-byte public key. */
    public record Address(int prefix, byte[] publicKey) {}

    /** Thrown for a string that is not a valid SS58 account address; the message says what is wrong. */
    public static final class InvalidAddressException extends IllegalArgumentException {
        InvalidAddressException(String message) {
            super(message);
        }
    }

    public static String encode(byte[] publicKey) {
        return encode(publicKey, DEFAULT_PREFIX);
    }

    public static String encode(byte[] publicKey, int prefix) {
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("SS58 account public key must be 32 bytes, got " + publicKey.length);
        }
        byte[] pre = prefixBytes(prefix);
        byte[] body = concat(pre, publicKey);
        byte[] sum = checksum(body);
        return base58Encode(concat(body, new byte[] {sum[0], sum[1]}));
    }

    /** Decodes and verifies an address, for any prefix. */
    public static Address decode(String address) {
        if (address == null || address.isBlank()) {
            throw new InvalidAddressException("SS58 address is empty");
        }
        byte[] raw = base58Decode(address.strip());
        if (raw.length < 3) {
            throw new InvalidAddressException("SS58 address '" + address + "' is too short");
        }
        int prefixLen = (raw[0] & 0xff) < 64 ? 1 : 2;
        int prefix;
        if (prefixLen == 1) {
            prefix = raw[0] & 0xff;
        } else {
            int b0 = raw[0] & 0xff;
            int b1 = raw[1] & 0xff;
            if (b0 > 127) {
                throw new InvalidAddressException("SS58 address '" + address + "' has an invalid prefix byte");
            }
            prefix = ((b0 & 0x3f) << 2) | (b1 >> 6) | ((b1 & 0x3f) << 8);
        }
        int keyLen = raw.length - prefixLen - 2;
        if (keyLen != 32) {
            throw new InvalidAddressException(
                    "SS58 address '" + address + "' holds " + keyLen + " key bytes; an account address holds 32");
        }
        byte[] body = Arrays.copyOf(raw, raw.length - 2);
        byte[] sum = checksum(body);
        if (sum[0] != raw[raw.length - 2] || sum[1] != raw[raw.length - 1]) {
            throw new InvalidAddressException("SS58 address '" + address + "' has a bad checksum");
        }
        return new Address(prefix, Arrays.copyOfRange(raw, prefixLen, prefixLen + 32));
    }

    /** Decodes an address and returns its public key, requiring the given prefix. */
    public static byte[] decodePublicKey(String address, int expectedPrefix) {
        Address a = decode(address);
        if (a.prefix() != expectedPrefix) {
            throw new InvalidAddressException(
                    "SS58 address '" + address + "' has prefix " + a.prefix() + ", expected " + expectedPrefix);
        }
        return a.publicKey();
    }

    public static byte[] decodePublicKey(String address) {
        return decode(address).publicKey();
    }

    public static boolean isValid(String address) {
        try {
            decode(address);
            return true;
        } catch (InvalidAddressException e) {
            return false;
        }
    }

    private static byte[] prefixBytes(int prefix) {
        if (prefix < 0 || prefix > 16383 || prefix == 46 || prefix == 47) {
            throw new IllegalArgumentException("SS58 prefix out of range: " + prefix);
        }
        if (prefix < 64) {
            return new byte[] {(byte) prefix};
        }
        // Two-byte form as Substrate defines it: 0b01 marker, then the 14-bit prefix split across the bytes.
        int first = ((prefix & 0b0000_0000_1111_1100) >> 2) | 0b0100_0000;
        int second = (prefix >> 8) | ((prefix & 0b0000_0000_0000_0011) << 6);
        return new byte[] {(byte) first, (byte) second};
    }

    private static byte[] checksum(byte[] body) {
        Blake2bDigest d = new Blake2bDigest(512);
        d.update(CONTEXT, 0, CONTEXT.length);
        d.update(body, 0, body.length);
        byte[] out = new byte[64];
        d.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String base58Encode(byte[] data) {
        BigInteger n = new BigInteger(1, data);
        StringBuilder sb = new StringBuilder();
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(FIFTY_EIGHT);
            sb.append(ALPHABET.charAt(qr[1].intValue()));
            n = qr[0];
        }
        for (int i = 0; i < data.length && data[i] == 0; i++) {
            sb.append('1');
        }
        return sb.reverse().toString();
    }

    static byte[] base58Decode(String s) {
        BigInteger n = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new InvalidAddressException("SS58 address '" + s + "' has a character outside base58: '" + c + "'");
            }
            if (leading && digit == 0) {
                zeros++;
            } else {
                leading = false;
            }
            n = n.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
        }
        byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
        if (mag.length > 0 && mag[0] == 0) {
            mag = Arrays.copyOfRange(mag, 1, mag.length);
        }
        byte[] out = new byte[zeros + mag.length];
        System.arraycopy(mag, 0, out, zeros, mag.length);
        return out;
    }
}
