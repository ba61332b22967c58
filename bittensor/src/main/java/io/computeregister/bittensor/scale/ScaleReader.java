package io.computeregister.bittensor.scale;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads SCALE-encoded values (Parity's codec, used by every Substrate runtime) from a byte array, front to back.
 *
 * <p>Fixed-width integers are little-endian; {@code Compact<uint>} selects its width by the low two bits of the first
 * byte; {@code Vec<T>} is a compact count then the items; {@code Option<T>} is {@code 00} or {@code 01 ‖ T}. Every
 * failure is a {@link ScaleDecodeException} naming the offset. Not thread-safe: one reader per decode.
 */
public final class ScaleReader {
    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /*
     * No element is smaller than one byte, so a Vec claiming more items than bytes remain is corrupt; checking that
     * before allocating keeps a hostile length prefix from making us reserve gigabytes.
     */
    private static final int MIN_ITEM_SIZE = 1;

    private final byte[] data;
    private int pos;

    public ScaleReader(byte[] data) {
        this(data, 0);
    }

    /** Starts reading at {@code start}; offsets in errors stay relative to the start of {@code data}. */
    public ScaleReader(byte[] data, int start) {
        if (start < 0 || start > data.length) {
            throw new IllegalArgumentException("start " + start + " outside 0.." + data.length);
        }
        this.data = data.clone();
        this.pos = start;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return data.length - pos;
    }

    public boolean hasRemaining() {
        return pos < data.length;
    }

    /** Fails unless every byte was consumed; {@code what} names the value for the message. */
    public void expectEnd(String what) {
        if (pos != data.length) {
            throw new ScaleDecodeException(pos, remaining() + " trailing byte(s) after " + what);
        }
    }

    public int u8() {
        need(1, "u8");
        return data[pos++] & 0xff;
    }

    public int u16() {
        need(2, "u16");
        int v = (data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8;
        pos += 2;
        return v;
    }

    public long u32() {
        need(4, "u32");
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = v << 8 | (data[pos + i] & 0xff);
        }
        pos += 4;
        return v;
    }

    /** A u64; values above {@link Long#MAX_VALUE} come back negative, read them with {@link Long#toUnsignedString}. */
    public long u64() {
        need(8, "u64");
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (data[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    public BigInteger u128() {
        return unsignedLittleEndian(16, "u128");
    }

    public boolean bool() {
        need(1, "bool");
        int b = data[pos] & 0xff;
        if (b > 1) {
            throw new ScaleDecodeException(pos, "bool byte must be 0 or 1, got 0x" + Integer.toHexString(b));
        }
        pos++;
        return b == 1;
    }

    public byte[] bytes(int length) {
        return bytes(length, length + " raw bytes");
    }

    private byte[] bytes(int length, String what) {
        need(length, what);
        byte[] out = new byte[length];
        System.arraycopy(data, pos, out, 0, length);
        pos += length;
        return out;
    }

    public AccountId accountId() {
        return AccountId.of(bytes(AccountId.LENGTH));
    }

    /** {@code Vec<u8>}: a compact length then that many bytes. */
    public byte[] byteVec() {
        int start = pos;
        long len = compactU64();
        if (len > remaining()) {
            throw new ScaleDecodeException(start, "Vec<u8> length " + len + " exceeds the " + remaining() + " bytes left");
        }
        return bytes((int) len);
    }

    /** Any {@code Compact<uint>}, including the big-integer mode (up to 67 bytes, i.e. 536 bits). */
    public BigInteger compact() {
        int start = pos;
        need(1, "compact");
        int b0 = data[pos] & 0xff;
        switch (b0 & 0b11) {
            case 0b00 -> {
                pos++;
                return BigInteger.valueOf(b0 >>> 2);
            }
            case 0b01 -> {
                int v = u16() >>> 2;
                if (v < 1 << 6) {
                    throw new ScaleDecodeException(start, "non-canonical compact: " + v + " fits the one-byte mode");
                }
                return BigInteger.valueOf(v);
            }
            case 0b10 -> {
                long v = u32() >>> 2;
                if (v < 1 << 14) {
                    throw new ScaleDecodeException(start, "non-canonical compact: " + v + " fits the two-byte mode");
                }
                return BigInteger.valueOf(v);
            }
            default -> {
                pos++;
                int len = (b0 >>> 2) + 4;
                BigInteger v = unsignedLittleEndian(len, "compact big-integer body");
                // Canonical form uses the fewest bytes: the top byte is non-zero, and 4-byte values need >= 2^30.
                if (v.bitLength() <= 30 || (len > 4 && v.bitLength() <= (len - 1) * 8)) {
                    throw new ScaleDecodeException(start, "non-canonical compact: " + v + " in " + len + " bytes");
                }
                return v;
            }
        }
    }

    public long compactU64() {
        int start = pos;
        BigInteger v = compact();
        if (v.compareTo(U64_MAX) > 0) {
            throw new ScaleDecodeException(start, "compact " + v + " does not fit u64");
        }
        return v.longValue();
    }

    public int compactU32AsInt() {
        int start = pos;
        long v = compactU64();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ScaleDecodeException(start, "compact " + Long.toUnsignedString(v) + " is too large here");
        }
        return (int) v;
    }

    public int compactU16() {
        int start = pos;
        long v = compactU64();
        if (v < 0 || v > 0xffff) {
            throw new ScaleDecodeException(start, "compact " + Long.toUnsignedString(v) + " does not fit u16");
        }
        return (int) v;
    }

    /** {@code Vec<T>}: a compact count, then the items read by {@code item}. */
    public <T> List<T> vec(Function<ScaleReader, T> item) {
        int start = pos;
        long count = compactU64();
        if (count < 0 || count > (long) remaining() / MIN_ITEM_SIZE) {
            throw new ScaleDecodeException(
                    start, "Vec count " + Long.toUnsignedString(count) + " exceeds the " + remaining() + " bytes left");
        }
        List<T> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            out.add(item.apply(this));
        }
        return Collections.unmodifiableList(out);
    }

    /** {@code Option<T>}: {@code 00} is None, {@code 01} is followed by the value. */
    public <T> Optional<T> option(Function<ScaleReader, T> item) {
        need(1, "Option tag");
        int tag = data[pos] & 0xff;
        if (tag > 1) {
            throw new ScaleDecodeException(pos, "Option tag must be 0 or 1, got 0x" + Integer.toHexString(tag));
        }
        pos++;
        return tag == 0 ? Optional.empty() : Optional.of(item.apply(this));
    }

    private BigInteger unsignedLittleEndian(int length, String what) {
        byte[] le = bytes(length, what);
        byte[] be = new byte[length];
        for (int i = 0; i < length; i++) {
            be[i] = le[length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    private void need(int n, String what) {
        if (n < 0 || remaining() < n) {
            throw new ScaleDecodeException(
                    pos, "unexpected end of data reading " + what + ": need " + n + " byte(s), " + remaining() + " left");
        }
    }
}
