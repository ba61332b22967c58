package io.computeregister.bittensor.dendrite;

import java.util.Objects;

/**
 * Where a dendrite call goes: the axon's IP and port as published on chain, and its SS58 hotkey exactly as the
 * metagraph lists it (the hotkey is part of the signed message, so a different spelling fails verification).
 */
public record AxonTarget(String ip, int port, String hotkey) {
    public AxonTarget {
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(hotkey, "hotkey");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("axon port must be 1..65535, got " + port);
    }

    @Override
    public String toString() {
        return hotkey + "@" + ip + ":" + port;
    }
}
