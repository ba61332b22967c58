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
 * <p>{@code gpus}: the GPUs offered, largest first, names lowercased as placement compares them; {@code ports}: host
 * ports in the miner's range (each allocation takes one for SSH and one per extra port).
 */
public final class Offer {

    private final int cpus;
    private final long memoryBytes;
    private final long diskBytes;
    private final List<Card> gpus;
    private final int ports;
    // Most hosts have one model: then a decision needs one substring test and one division per miner, not a loop.
    private final String onlyModel;
    private final long onlyMemoryMib;
    private final List<String> images;

    /** @param gpus the cards offered; kept largest first (then by index), the order our miner gives them in */
    public Offer(int cpus, long memoryBytes, long diskBytes, List<Card> gpus, int ports) {
        this(cpus, memoryBytes, diskBytes, gpus, ports, List.of());
    }

    /** @param images the operator's image catalog by name, the default first ({@code Specs.images}) */
    public Offer(int cpus, long memoryBytes, long diskBytes, List<Card> gpus, int ports, List<String> images) {
        this.cpus = cpus;
        this.memoryBytes = memoryBytes;
        this.diskBytes = diskBytes;
        this.gpus = gpus.stream().sorted(Comparator.comparingLong(Card::memoryMib).reversed()
                .thenComparingInt(Card::index)).toList();
        this.ports = ports;
        boolean alike = !gpus.isEmpty() && gpus.stream().allMatch(c -> c.name().equals(gpus.get(0).name())
                && c.memoryMib() == gpus.get(0).memoryMib());
        this.onlyModel = alike ? gpus.get(0).name() : null;
        this.onlyMemoryMib = alike ? gpus.get(0).memoryMib() : 0;
        this.images = List.copyOf(images);
    }

    /** The image catalog by name, the default first; empty when the miner lists none. */
    public List<String> images() {
        return images;
    }

    public int cpus() {
        return cpus;
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    public long diskBytes() {
        return diskBytes;
    }

    public List<Card> gpus() {
        return gpus;
    }

    public int ports() {
        return ports;
    }

    /** One GPU offered. */
    public record Card(int index, String name, long memoryMib) {}

    /** The {@code offer} object of a spec report; null when absent or without its figures. */
    static Offer fromSpecs(JsonNode offer, JsonNode images) {
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
        List<String> names = new ArrayList<>();
        if (images != null) for (JsonNode name : images) if (name.isTextual()) names.add(name.asText());
        return new Offer(offer.path("cpus").asInt(), offer.path("memory_bytes").asLong(),
                offer.path("disk_bytes").asLong(), cards, offer.path("ports").asInt(), names);
    }

    /** The cards a request's model (case-insensitive substring, as the original compares, §2.3) allows. */
    int matchingCards(DeviceRequirement r) {
        if (onlyModel != null) return onlyModel.contains(r.gpuType()) ? gpus.size() : 0;
        int n = 0;
        for (int i = 0; i < gpus.size(); i++) if (gpus.get(i).name().contains(r.gpuType())) n++;
        return n;
    }

    /**
     * How many cards the request takes here, as our miner gives them: at least {@code gpu_count}, and more while the
     * cards given hold no more than the requested total memory ({@code gpu.capacity}; strictly more is needed, as the
     * original compares, §2.3), largest first. {@link Integer#MAX_VALUE} when all its matching cards are not enough.
     */
    int cardsFor(DeviceRequirement r) {
        if (r.gpuCount() <= 0) return 0;
        // Runs for every fitting miner of every decision: no allocation, the cards sorted once per index load.
        if (onlyModel != null && onlyMemoryMib > 0) {
            if (!onlyModel.contains(r.gpuType())) return Integer.MAX_VALUE;
            long needed = Math.max(r.gpuCount(), r.gpuCapacityMib() / onlyMemoryMib + 1); // strictly more memory
            return needed <= gpus.size() ? (int) needed : Integer.MAX_VALUE;
        }
        long memory = 0;
        int taken = 0;
        for (int i = 0; i < gpus.size(); i++) {
            Card c = gpus.get(i);
            if (!c.name().contains(r.gpuType())) continue;
            memory += c.memoryMib();
            taken++;
            if (taken >= r.gpuCount() && memory > r.gpuCapacityMib()) return taken;
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
