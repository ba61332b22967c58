package io.computeregister.bittensor.crypto.internal;

/**
 * The Keccak-f[1600] permutation (FIPS 202 §3), the core STROBE-128 runs on. BouncyCastle has it only inside its
 * digests, not as a public permutation over a caller's state, hence this small copy of the textbook algorithm.
 */
public final class KeccakF1600 {
    /** The state is 200 bytes: 25 little-endian 64-bit lanes. */
    public static final int STATE_BYTES = 200;

    private static final long[] ROUND_CONSTANTS = {
        0x0000000000000001L, 0x0000000000008082L, 0x800000000000808AL, 0x8000000080008000L,
        0x000000000000808BL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
        0x000000000000008AL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000AL,
        0x000000008000808BL, 0x800000000000008BL, 0x8000000000008089L, 0x8000000000008003L,
        0x8000000000008002L, 0x8000000000000080L, 0x000000000000800AL, 0x800000008000000AL,
        0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L,
    };
    /** Lane visited at step i of the combined rho/pi walk, starting from lane 1. */
    private static final int[] PI_LANES = {
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    };
    /** Rotation applied at step i of the same walk. */
    private static final int[] RHO_OFFSETS = {
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    };

    private KeccakF1600() {}

    /** Permutes a 200-byte state in place. */
    public static void permute(byte[] state) {
        if (state.length != STATE_BYTES) {
            throw new IllegalArgumentException("Keccak-f[1600] state must be 200 bytes, got " + state.length);
        }
        long[] lanes = new long[25];
        for (int i = 0; i < 25; i++) {
            long v = 0;
            for (int b = 7; b >= 0; b--) {
                v = (v << 8) | (state[i * 8 + b] & 0xffL);
            }
            lanes[i] = v;
        }
        permute(lanes);
        for (int i = 0; i < 25; i++) {
            long v = lanes[i];
            for (int b = 0; b < 8; b++) {
                state[i * 8 + b] = (byte) v;
                v >>>= 8;
            }
        }
    }

    static void permute(long[] a) {
        long[] c = new long[5];
        for (long roundConstant : ROUND_CONSTANTS) {
            // theta: mix each column's parity into its neighbours
            for (int x = 0; x < 5; x++) {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }
            for (int x = 0; x < 5; x++) {
                long d = c[(x + 4) % 5] ^ Long.rotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) {
                    a[x + y] ^= d;
                }
            }
            // rho and pi: rotate each lane and move it to its new position
            long carried = a[1];
            for (int i = 0; i < 24; i++) {
                int j = PI_LANES[i];
                long next = a[j];
                a[j] = Long.rotateLeft(carried, RHO_OFFSETS[i]);
                carried = next;
            }
            // chi: the only non-linear step, row by row
            for (int y = 0; y < 25; y += 5) {
                for (int x = 0; x < 5; x++) {
                    c[x] = a[y + x];
                }
                for (int x = 0; x < 5; x++) {
                    a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]);
                }
            }
            // iota
            a[0] ^= roundConstant;
        }
    }
}
