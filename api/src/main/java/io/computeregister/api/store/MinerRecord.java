package io.computeregister.api.store;

import io.computeregister.api.minerclient.MinerAddress;
import java.time.Instant;

/**
 * A miner as the store knows it. {@code specsJson} is the miner's spec report as sent (docs/protocol.md §9.10),
 * kept verbatim so a later parser change needs no migration; {@code specsSource} says where it came from (the miner's
 * own {@code Specs} answer, its W&amp;B run or a validator's database: a {@code SpecsSource} name) and
 * {@code specsUpdatedAt} when that source reported it.
 */
public record MinerRecord(
        String hotkey,
        Integer uid,
        String ip,
        int port,
        String specsJson,
        Instant specsUpdatedAt,
        String specsSource,
        Health health,
        Instant lastSeen,
        boolean blocked,
        String blockedReason) {

    /** The {@code specsSource} of specs the miner answered itself, through the {@code Specs} synapse (our miner). */
    public static final String OWN_SPECS = "specs";

    /**
     * Whether its specs were published somewhere (a W&amp;B run, a validator's database) rather than answered by the
     * miner itself: an original Python miner, probed and placed as the original does (one container per machine).
     */
    public boolean specsPublished() {
        return specsSource != null && !OWN_SPECS.equals(specsSource);
    }

    /** A freshly seen miner: address only, no specs, health unknown, not blocked. */
    public static MinerRecord seen(String hotkey, Integer uid, String ip, int port) {
        return new MinerRecord(hotkey, uid, ip, port, null, null, null, Health.UNKNOWN, null, false, null);
    }

    public MinerRecord withSpecs(String json, Instant at, String source) {
        return new MinerRecord(hotkey, uid, ip, port, json, at, source, health, lastSeen, blocked, blockedReason);
    }

    public MinerRecord withHealth(Health h, Instant seenAt) {
        return new MinerRecord(hotkey, uid, ip, port, specsJson, specsUpdatedAt, specsSource, h, seenAt, blocked,
                blockedReason);
    }

    /** Where to call it; {@code ip} is "" while only a block is known (see {@link Store#setBlocked}). */
    public MinerAddress address() {
        return new MinerAddress(hotkey, ip, port);
    }
}
