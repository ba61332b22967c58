package io.computeregister.bittensor.scale;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** Writes SCALE values; the counterpart of {@link ScaleReader} for what we send (RPC parameters) and for tests. */
public final class ScaleWriter {
    private static final BigInteger COMPACT_MAX = BigInteger.ONE.shiftLeft(67 * 8).subtract(BigInteger.ONE);

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public ScaleWriter u8(int v) {
        out.write(v);
        return this;
    }

    public ScaleWriter u16(int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("u16 out of range: " + v);
        }
        out.write(v);
        out.write(v >>> 8);
        return this;
    }

    public ScaleWriter u32(long v) {
        return littleEndian(v, 4);
    }

    public ScaleWriter u64(long v) {
        return littleEndian(v, 8);
    }

    public ScaleWriter bool(boolean v) {
        out.write(v ? 1 : 0);
        return this;
    }

    public ScaleWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public ScaleWriter compact(long v) {
        if (v < 0) {
            return compact(new BigInteger(Long.toUnsignedString(v)));
        }
        return compact(BigInteger.valueOf(v));
    }

    /** The shortest (canonical) compact encoding of {@code v}. */
    public ScaleWriter compact(BigInteger v) {
        if (v.signum() < 0 || v.compareTo(COMPACT_MAX) > 0) {
            throw new IllegalArgumentException("compact out of range: " + v);
        }
        if (v.bitLength() <= 6) {
            out.write(v.intValue() << 2);
        } else if (v.bitLength() <= 14) {
            int x = v.intValue() << 2 | 0b01;
            out.write(x);
            out.write(x >>> 8);
        } else if (v.bitLength() <= 30) {
            littleEndian((v.longValue() << 2) | 0b10, 4);
        } else {
            int len = Math.max(4, (v.bitLength() + 7) / 8);
            out.write(((len - 4) << 2) | 0b11);
            byte[] be = v.toByteArray();
            for (int i = 0; i < len; i++) {
                int idx = be.length - 1 - i;
                out.write(idx >= 0 ? be[idx] : 0);
            }
        }
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private ScaleWriter littleEndian(long v, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (v >>> (8 * i)));
        }
        return this;
    }
}
