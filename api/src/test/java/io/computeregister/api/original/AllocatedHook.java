package io.computeregister.api.original;

/**
 * Where the original miner's {@code update_allocation} would write its W&amp;B run's {@code config.allocated}
 * (docs/protocol.md §3.2): after every confirmed non-checking call, the caller's hotkey when the call had
 * {@code timeline > 0}, else null. A W&amp;B stand-in plugs in here; {@link #NONE} does nothing.
 */
@FunctionalInterface
public interface AllocatedHook {

    AllocatedHook NONE = hotkey -> { };

    /** @param callerHotkey the validator/API hotkey now holding the miner, or null when it was released */
    void allocated(String callerHotkey);
}
