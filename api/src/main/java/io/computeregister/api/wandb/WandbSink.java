package io.computeregister.api.wandb;

import io.computeregister.protocol.wandb.WandbException;
import java.util.List;

/**
 * W&B as the sink of allocation status (docs/protocol.md §5.4): after every allocate/deallocate the original
 * wrote the full list of allocated miner hotkeys into its validator run's config, where miners read it (§1.5).
 */
public interface WandbSink {

    /**
     * Writes {@code allocated_hotkeys}, the {@code allocated} flag of each {@code stats} row and a fresh run signature
     * into the validator run of {@code validatorHotkey}.
     *
     * @throws WandbException when W&B cannot be written (the original logged and swallowed it; callers decide)
     */
    void publishAllocated(String validatorHotkey, List<String> allocatedHotkeys);

    /** W&B not configured: nothing is written. */
    WandbSink OFF = (validatorHotkey, allocatedHotkeys) -> {};
}
