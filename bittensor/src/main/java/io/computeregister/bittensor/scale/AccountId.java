package io.computeregister.bittensor.scale;

import io.computeregister.bittensor.crypto.Ss58;
import java.util.Arrays;
import java.util.HexFormat;

/** A Substrate {@code AccountId32}: 32 raw bytes, shown as an SS58 address with Bittensor's prefix 42. */
public final class AccountId {
    public static final int LENGTH = 32;

    private final byte[] bytes;
    private final String ss58;

    private AccountId(byte[] bytes) {
        this.bytes = bytes;
        this.ss58 = Ss58.encode(bytes, Ss58.DEFAULT_PREFIX);
    }

    public static AccountId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("AccountId must be 32 bytes, got " + bytes.length);
        }
        return new AccountId(bytes.clone());
    }

    public static AccountId fromSs58(String address) {
        return new AccountId(Ss58.decodePublicKey(address));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** The SS58 address with prefix 42, as every Bittensor tool prints it. */
    public String ss58() {
        return ss58;
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccountId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return ss58;
    }
}
