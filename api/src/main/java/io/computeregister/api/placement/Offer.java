package io.computeregister.api.placement;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.store.Claim;
import io.computeregister.api.store.MinerUsage;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What one of our miners rents out in total (its {@code Specs} answer's {@code offer}, docs/protocol.md §9.10 plus
 * ours): several renters share it, each taking a {@link Claim}. Original miners have none: they are one slot, the
 * whole machine (docs/protocol.md §3.3).
 *
 * @param gpus  the GPUs offered, by index, names lowercased as placement compares them
 * @param ports host ports in the miner's range: each allocation takes one for SSH and one per extra port
 */
public record Offer(int cpus, long memoryBytes, long diskBytes, List<Card> gpus, int ports) {

    public Offer {
        gpus = List.copyOf(gpus);
    }

    /** One GPU offered. */
    public record Card(int index, String name, long memoryMib) {}

    /** The {@code offer} object of a spec report; null when absent or without its figures. */
    static Offer fromSpecs(JsonNode offer) {
        if (offer == null || !offer.isObject()) return null;
        if (!offer.path("cpus").isNumber() || !offer.path("memory_bytes").isNumber()
                || !offer.path("disk_bytes").isNumber() || !offer.path("ports").isNumber()) {
            return null;
        }
        List<Card> cards = new ArrayList<>();
        for (JsonNode g : offer.path("gpus")) {
            cards.add(new Card(g.path("index").asInt(cards.size()), g.path("name").asText("").toLowerCase(Locale.ROOT),
                    g.path("memory_mib").asLong(0)));
        }
        return new Offer(offer.path("cpus").asInt(), offer.path("memory_bytes").asLong(),
                offer.path("disk_bytes").asLong(), cards, offer.path("ports").asInt());
    }

    /** The cards a request's model (case-insensitive substring, as the original compares, §2.3) allows. */
    int matchingCards(DeviceRequirement r) {
        int n = 0;
        for (Card c : gpus) if (c.name().contains(r.gpuType())) n++;
        return n;
    }

    /**
     * How many cards the request takes here, as our miner gives them: at least {@code gpu_count}, and more while the
     * cards given hold no more than the requested total memory ({@code gpu.capacity}; strictly more is needed, as the
     * original compares, §2.3), largest first. {@link Integer#MAX_VALUE} when all its matching cards are not enough.
     */
    int cardsFor(DeviceRequirement r) {
        if (r.gpuCount() <= 0) return 0;
        List<Card> matching = new ArrayList<>();
        for (Card c : gpus) if (c.name().contains(r.gpuType())) matching.add(c);
        matching.sort(Comparator.comparingLong(Card::memoryMib).reversed());
        long memory = 0;
        for (int taken = 0; taken < matching.size(); taken++) {
            memory += matching.get(taken).memoryMib();
            if (taken + 1 >= r.gpuCount() && memory > r.gpuCapacityMib()) return taken + 1;
        }
        return Integer.MAX_VALUE;
    }

    /** What this miner offers the request: everything but the GPUs its model does not allow. */
    public MinerUsage.Room roomFor(DeviceRequirement r) {
        return new MinerUsage.Room(cpus, memoryBytes, diskBytes, r.gpuCount() > 0 ? matchingCards(r) : gpus.size(),
                ports);
    }

    /** What the request takes here: its cores, memory and disk, its cards, one SSH port and its extra ports. */
    public Claim claimFor(DeviceRequirement r, int extraPorts) {
        int cards = cardsFor(r);
        return new Claim(r.cpuCount(), r.ramBytes(), r.hardDiskBytes(), cards == Integer.MAX_VALUE ? 0 : cards,
                1 + extraPorts);
    }
}
