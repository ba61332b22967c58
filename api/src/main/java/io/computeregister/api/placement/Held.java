package io.computeregister.api.placement;

import io.computeregister.api.store.MinerUsage;

/**
 * What the reservations of each miner take, as this process last saw it. Only a hint for placement: the store's
 * reservation transaction is what actually prevents double-booking or over-committing a miner.
 */
@FunctionalInterface
public interface Held {

    Held NONE = hotkey -> MinerUsage.NONE;

    /** What is held on that miner; {@link MinerUsage#NONE} when nothing is. */
    MinerUsage usage(String hotkey);

    /** Whether anything holds the miner (an original miner: its one renter). */
    default boolean isHeld(String hotkey) {
        return usage(hotkey).held();
    }
}
