package io.computeregister.api.store;

import io.computeregister.api.minerclient.MinerAddress;
import java.time.Instant;

/**
 * A miner as the store knows it. {@code specsJson} is the miner's spec report as sent (docs/protocol.md §9.10),
 * kept verbatim so a later parser change needs no migration.
 */
public record MinerRecord(
        String hotkey,
        Integer uid,
        String ip,
        int port,
        String specsJson,
        Instant specsUpdatedAt,
        Health health,
        Instant lastSeen,
        boolean blocked,
        String blockedReason) {

    /** A freshly seen miner: address only, no specs, health unknown, not blocked. */
    public static MinerRecord seen(String hotkey, Integer uid, String ip, int port) {
        return new MinerRecord(hotkey, uid, ip, port, null, null, Health.UNKNOWN, null, false, null);
    }

    public MinerRecord withSpecs(String json, Instant at) {
        return new MinerRecord(hotkey, uid, ip, port, json, at, health, lastSeen, blocked, blockedReason);
    }

    public MinerRecord withHealth(Health h, Instant seenAt) {
        return new MinerRecord(hotkey, uid, ip, port, specsJson, specsUpdatedAt, h, seenAt, blocked, blockedReason);
    }

    /** Where to call it; {@code ip} is "" while only a block is known (see {@link Store#setBlocked}). */
    public MinerAddress address() {
        return new MinerAddress(hotkey, ip, port);
    }
}
