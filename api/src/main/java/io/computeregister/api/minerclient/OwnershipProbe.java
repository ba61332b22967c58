package io.computeregister.api.minerclient;

/**
 * Asks a miner whether it still holds the allocation created with a given RSA public key: the original protocol's
 * {@code Allocate(checking=true, timeline<=0, public_key)} (docs/protocol.md §3.2, {@code check_if_allocated}). Unlike
 * the original health loop's "is any container running" probe (docs/compatibility.md row 3), the answer is about this
 * allocation only.
 */
public interface OwnershipProbe {

    Answer probe(MinerAddress miner, String regkeyPem);

    sealed interface Answer {
        /** The miner answered and holds the allocation. */
        record Owned() implements Answer {}

        /** The miner answered and holds nothing for this key (removed, expired, or never there). */
        record NotOwned() implements Answer {}

        /** No usable answer within the timeout. */
        record Unreachable(String reason) implements Answer {}
    }
}
