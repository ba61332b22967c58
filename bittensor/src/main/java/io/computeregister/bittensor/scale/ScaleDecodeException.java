package io.computeregister.bittensor.scale;

/**
 * Bytes that do not decode as the expected SCALE type. The message always names the byte offset at fault, because a
 * bad chain answer is only debuggable if one can find the spot in a hex dump.
 */
public final class ScaleDecodeException extends RuntimeException {
    private final int offset;

    public ScaleDecodeException(int offset, String message) {
        super(message + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset, from the start of the decoded buffer, where decoding failed. */
    public int offset() {
        return offset;
    }
}
