package io.computeregister.miner.axon;

/**
 * Told after an {@code Allocate} changed who holds this miner, with the caller's hotkey (the dendrite that sent it):
 * where the original miner's {@code update_allocation} sets its W&amp;B {@code config.allocated}
 * (docs/protocol.md §3.2). Called on the axon's request thread: an implementation returns at once and never throws.
 */
public interface AllocationListener {

    /** A successful allocation (or docker action with a timeline) by {@code callerHotkey}. */
    void allocated(String callerHotkey);

    /** A successful deallocation by {@code callerHotkey}. */
    void deallocated(String callerHotkey);

    /** Nobody listens (no W&amp;B). */
    AllocationListener NONE = new AllocationListener() {
        @Override
        public void allocated(String callerHotkey) {}

        @Override
        public void deallocated(String callerHotkey) {}
    };
}
