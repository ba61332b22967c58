package io.computeregister.api.minerclient;

import io.computeregister.bittensor.dendrite.AxonTarget;

/** Where a miner's axon listens (from the metagraph). */
public record MinerAddress(String hotkey, String ip, int port) {

    /** The axon to call, or null for an address no axon can have (no ip, port 0): reported as unreachable. */
    AxonTarget axonTarget() {
        try {
            return new AxonTarget(ip, port, hotkey);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
