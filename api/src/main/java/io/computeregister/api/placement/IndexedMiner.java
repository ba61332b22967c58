package io.computeregister.api.placement;

import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.store.Health;
import java.time.Instant;

/**
 * A miner as the in-memory index holds it for placement: address, state and its parsed {@link Hardware}
 * ({@code hardware} null = no usable specs), with where those specs came from and when ({@code specsSource} a
 * SpecsSource name, null when none). Built from a {@code store.MinerRecord} once per index refresh.
 */
public record IndexedMiner(String hotkey, Integer uid, String ip, int port, Health health, boolean blocked,
                           String blockedReason, Hardware hardware, String specsSource, Instant specsReportedAt) {

    /** Where to call it. */
    public MinerAddress address() {
        return new MinerAddress(hotkey, ip, port);
    }
}
