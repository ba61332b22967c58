package io.computeregister.api.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.specs.WandbMinerSpecs;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.MinerUsage;
import io.computeregister.api.testing.EachDatabase;
import io.computeregister.api.testing.TestDb;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Placement on miners that offer capacity (ours: several renters per machine) beside original miners (one renter, the
 * whole machine): what others hold leaves room or not, the report says how much is free, and an original miner's
 * published report cannot make it a shared machine.
 */
class CapacityPlacementTest {

    private static final long GIB = 1L << 30;
    private static final String H100 = "nvidia h100 80gb hbm3";
    private final Placement placement = Placement.standard(5);

    /** Ours: 32 cores, 256 GiB, 2 TiB, {@code cards} H100s, 50 ports. */
    private static IndexedMiner ours(String hotkey, int cards) {
        List<Offer.Card> offered = new ArrayList<>();
        for (int i = 0; i < cards; i++) offered.add(new Offer.Card(i, H100, 81559));
        Offer offer = new Offer(32, 256 * GIB, 2048 * GIB, offered, 50);
        return new IndexedMiner(hotkey, 1, "10.0.0.1", 8091, Health.ONLINE, false, null,
                new Hardware(36, cards, cards * 81559L, H100, 300 * GIB, 3000 * GIB, offer), "specs", null);
    }

    private static IndexedMiner original(String hotkey) {
        return new IndexedMiner(hotkey, 2, "10.0.0.2", 8091, Health.ONLINE, false, null,
                new Hardware(36, 8, 8 * 81559L, H100, 300 * GIB, 3000 * GIB), "wandb", null);
    }

    /** {@code gpus} H100s of more than {@code gb} GB in total, 4 cores, 16 GiB, 100 GiB. */
    private static DeviceRequirement gpus(int count, int gb) {
        return new DeviceRequirement(4, count, "h100", gb * 1000L, 16 * GIB, 100 * GIB, false);
    }

    private static Held holding(Map<String, MinerUsage> used) {
        return hotkey -> used.getOrDefault(hotkey, MinerUsage.NONE);
    }

    @Test
    void several_renters_share_one_of_our_miners_while_what_is_left_fits() {
        IndexedMiner m = ours("ours", 4);
        MinerUsage oneRenter = new MinerUsage(1, 0, 4, 16 * GIB, 100 * GIB, 1, 1);
        MinerUsage threeRenters = new MinerUsage(3, 0, 12, 48 * GIB, 300 * GIB, 3, 3);

        Decision beside = placement.place(PlacementRequest.forSpec(gpus(2, 100), 1), new MinerSnapshot(List.of(m)),
                holding(Map.of("ours", oneRenter)));
        assertThat(beside.candidates()).extracting(IndexedMiner::hotkey).containsExactly("ours");

        Decision full = placement.place(PlacementRequest.forSpec(gpus(2, 100), 1), new MinerSnapshot(List.of(m)),
                holding(Map.of("ours", threeRenters)));
        assertThat(full.candidates()).isEmpty();
        assertThat(full.report().filteredByReason()).containsOnlyKeys(Reasons.FREE_GPUS);
        assertThat(full.report().summary())
                .isEqualTo("0/1 miners fit: 1 not enough free gpus (needs 2 gpus with > 100 GB together, 1 free)");
    }

    @Test
    void more_gpu_memory_than_one_card_has_takes_more_cards_as_our_miner_gives_them() {
        IndexedMiner m = ours("ours", 4);
        // 100 GB in total: one 81559 MiB card is not enough, two are.
        assertThat(m.hardware().offer().cardsFor(gpus(1, 100))).isEqualTo(2);
        assertThat(m.hardware().offer().cardsFor(gpus(3, 10))).isEqualTo(3);
        assertThat(m.hardware().offer().cardsFor(gpus(1, 400))).isEqualTo(Integer.MAX_VALUE);

        Decision tooMany = placement.place(PlacementRequest.forSpec(gpus(5, 10), 1), new MinerSnapshot(List.of(m)),
                Held.NONE);
        assertThat(tooMany.candidates()).isEmpty();
        assertThat(tooMany.report().filteredByReason()).containsOnlyKeys(Reasons.NO_GPU);
    }

    @Test
    void extra_ports_count_against_the_miners_port_range() {
        IndexedMiner m = ours("ours", 1);
        MinerUsage portsTaken = new MinerUsage(1, 0, 0, 0, 0, 0, 45);
        DeviceRequirement cpuOnly = new DeviceRequirement(1, 0, "", 0, GIB, GIB, false);
        Held held = holding(Map.of("ours", portsTaken));

        assertThat(placement.place(PlacementRequest.forSpec(cpuOnly, 1).withExtraPorts(4),
                new MinerSnapshot(List.of(m)), held).candidates()).hasSize(1);
        Decision noPorts = placement.place(PlacementRequest.forSpec(cpuOnly, 1).withExtraPorts(5),
                new MinerSnapshot(List.of(m)), held);
        assertThat(noPorts.report().summary()).contains("not enough free ports (needs 6 ports, 5 free)");
    }

    @Test
    void an_original_miner_is_one_renter_whatever_its_size() {
        IndexedMiner m = original("orig");
        Decision held = placement.place(PlacementRequest.forSpec(gpus(1, 10), 1), new MinerSnapshot(List.of(m)),
                holding(Map.of("orig", new MinerUsage(1, 1, 0, 0, 0, 0, 0))));
        assertThat(held.candidates()).isEmpty();
        assertThat(held.report().filteredByReason()).containsOnlyKeys(Reasons.BUSY);
        assertThat(placement.place(PlacementRequest.forSpec(gpus(1, 10), 1), new MinerSnapshot(List.of(m)),
                Held.NONE).candidates()).hasSize(1);
    }

    @EachDatabase
    void an_offer_in_a_published_report_does_not_make_an_original_miner_shared(TestDb db) {
        String specs = """
                {"cpu": {"count": 36}, "gpu": {"count": 2, "capacity": 163118, "details": [
                  {"name": "NVIDIA H100 80GB HBM3", "capacity": 81559}, {"name": "NVIDIA H100 80GB HBM3", "capacity": 81559}]},
                 "ram": {"total": 322122547200, "available": 300000000000},
                 "hard_disk": {"total": 4000000000000, "free": 3000000000000},
                 "offer": {"cpus": 32, "memory_bytes": 274877906944, "disk_bytes": 2199023255552, "ports": 50,
                   "gpus": [{"index": 0, "name": "NVIDIA H100 80GB HBM3", "memory_mib": 81559},
                            {"index": 1, "name": "NVIDIA H100 80GB HBM3", "memory_mib": 81559}]}}""";
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        db.store.upsertMiner(new MinerRecord("ours", 1, "10.0.0.1", 8091, specs, t, "specs", Health.ONLINE, t,
                false, null));
        db.store.upsertMiner(new MinerRecord("published", 2, "10.0.0.2", 8091, specs, t, WandbMinerSpecs.NAME,
                Health.ONLINE, t, false, null));
        MinerIndex index = new MinerIndex(db.store);
        index.refresh();

        Offer offer = index.snapshot().find("ours").hardware().offer();
        assertThat(offer).isNotNull();
        assertThat(offer.gpus()).extracting(Offer.Card::name).containsOnly(H100);
        assertThat(offer.ports()).isEqualTo(50);
        assertThat(index.snapshot().find("published").hardware().offer()).isNull();
    }
}
