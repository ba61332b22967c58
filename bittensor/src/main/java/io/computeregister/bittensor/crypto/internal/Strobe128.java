package io.computeregister.bittensor.crypto.internal;

import java.nio.charset.StandardCharsets;

/**
 * The subset of STROBE v1.0.2 at 128-bit security that Merlin transcripts use: meta-AD, AD, PRF and KEY operations,
 * no transport. Written from the STROBE specification (strobe.sourceforge.io) and Merlin's description of its
 * minimal STROBE; byte-for-byte compatibility is what lets our transcripts match schnorrkel's.
 */
public final class Strobe128 implements Cloneable {
    private static final int RATE = 166; // 200 - 2 * (128 / 8) - 2

    private static final int FLAG_I = 1;
    private static final int FLAG_A = 1 << 1;
    private static final int FLAG_C = 1 << 2;
    private static final int FLAG_T = 1 << 3;
    private static final int FLAG_M = 1 << 4;
    private static final int FLAG_K = 1 << 5;

    private byte[] state = new byte[KeccakF1600.STATE_BYTES];
    private int pos;
    private int posBegin;
    private int curFlags;

    public Strobe128(byte[] protocolLabel) {
        byte[] init = {1, (byte) (RATE + 2), 1, 0, 1, 96};
        System.arraycopy(init, 0, state, 0, init.length);
        byte[] version = "STROBEv1.0.2".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(version, 0, state, init.length, version.length);
        KeccakF1600.permute(state);
        metaAd(protocolLabel, false);
    }

    public void metaAd(byte[] data, boolean more) {
        beginOp(FLAG_M | FLAG_A, more);
        absorb(data);
    }

    public void ad(byte[] data, boolean more) {
        beginOp(FLAG_A, more);
        absorb(data);
    }

    public void prf(byte[] out, boolean more) {
        beginOp(FLAG_I | FLAG_A | FLAG_C, more);
        squeeze(out);
    }

    public void key(byte[] data, boolean more) {
        beginOp(FLAG_A | FLAG_C, more);
        overwrite(data);
    }

    @Override
    public Strobe128 clone() {
        try {
            Strobe128 copy = (Strobe128) super.clone();
            copy.state = state.clone();
            return copy;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    private void runF() {
        state[pos] ^= (byte) posBegin;
        state[pos + 1] ^= 0x04;
        state[RATE + 1] ^= (byte) 0x80;
        KeccakF1600.permute(state);
        pos = 0;
        posBegin = 0;
    }

    private void absorb(byte[] data) {
        for (byte b : data) {
            state[pos] ^= b;
            advance();
        }
    }

    private void overwrite(byte[] data) {
        for (byte b : data) {
            state[pos] = b;
            advance();
        }
    }

    private void squeeze(byte[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = state[pos];
            state[pos] = 0;
            advance();
        }
    }

    private void advance() {
        pos++;
        if (pos == RATE) {
            runF();
        }
    }

    private void beginOp(int flags, boolean more) {
        if (more) {
            // Continuing an operation: STROBE requires the same flags, and nothing else is absorbed.
            if (curFlags != flags) {
                throw new IllegalStateException("STROBE: continued operation with different flags");
            }
            return;
        }
        if ((flags & FLAG_T) != 0) {
            throw new IllegalStateException("STROBE: transport operations are not supported");
        }
        int oldBegin = posBegin;
        posBegin = pos + 1;
        curFlags = flags;
        absorb(new byte[] {(byte) oldBegin, (byte) flags});
        // Cipher and key operations must start on a fresh block.
        boolean forceF = (flags & (FLAG_C | FLAG_K)) != 0;
        if (forceF && pos != 0) {
            runF();
        }
    }
}
