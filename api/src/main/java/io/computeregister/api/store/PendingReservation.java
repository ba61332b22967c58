package io.computeregister.api.store;

import java.time.Instant;

/**
 * A reservation that has not (yet) become an allocation. {@code regkey} is non-null once an {@code Allocate} may have
 * reached the miner (written ahead of the call), so a container owned by that key may exist there.
 *
 * @param regkey       the RSA public key PEM sent as {@code Allocate.public_key}, or null if no Allocate was sent
 * @param intendedUuid the uuid the allocation would have had, or null
 */
public record PendingReservation(String token, String minerHotkey, int slot, String regkey, String intendedUuid,
                                 Instant expiresAt) {

    public boolean allocateMayHaveBeenSent() {
        return regkey != null;
    }

    @Override
    public String toString() {
        // The regkey is a public key, but it is long and says nothing useful in a log line.
        return "PendingReservation[miner=" + minerHotkey + ", slot=" + slot + ", uuid=" + intendedUuid
                + ", allocateSent=" + (regkey != null) + ", expiresAt=" + expiresAt + "]";
    }
}
