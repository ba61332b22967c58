package io.computeregister.api.placement;

import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.store.Health;

/** A miner as placement sees it: address, state and parsed capacity ({@code capacity} null = no usable specs). */
public record MinerView(String hotkey, Integer uid, String ip, int port, Health health, boolean blocked,
                        String blockedReason, MinerCapacity capacity) {

    /** Where to call it. */
    public MinerAddress address() {
        return new MinerAddress(hotkey, ip, port);
    }
}
