package io.computeregister.api.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.allocation.Requirements;
import io.computeregister.api.store.Health;
import io.computeregister.api.store.MinerRecord;
import io.computeregister.api.store.MinerUsage;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementTest {

    private final Placement placement = Placement.standard(5);
    /** An original miner's one renter. */
    private static final MinerUsage WHOLE = new MinerUsage(1, 1, 0, 0, 0, 0, 0);

    private static IndexedMiner indexed(MinerRecord m) {
        return new IndexedMiner(m.hotkey(), m.uid(), m.ip(), m.port(), m.health(), m.blocked(), m.blockedReason(),
                m.specsJson() == null ? null
                        : Hardware.fromSpecs(io.computeregister.api.http.Json.MAPPER.valueToTree(
                                parse(m.specsJson()))),
                m.specsSource(), m.specsUpdatedAt());
    }

    private static Object parse(String json) {
        try {
            return io.computeregister.api.http.Json.MAPPER.readValue(json, Object.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static IndexedMiner blocked(IndexedMiner m) {
        return new IndexedMiner(m.hotkey(), m.uid(), m.ip(), m.port(), m.health(), true, "abuse", m.hardware(),
                m.specsSource(), m.specsReportedAt());
    }

    // cpu, gpu type, gpu GB, ram GiB, disk GiB: as an allocate_spec body asks
    private static DeviceRequirement req(int cpu, String gpu, int gb, int ram, int disk) {
        return new Requirements(cpu, gpu, gb, ram, disk).device();
    }

    static Stream<Arguments> cases() {
        // Miner: 16 cores, 1 × RTX 4090 (24564 MiB), 64 GiB RAM available, 500 GiB disk free.
        IndexedMiner rtx = indexed(Fixtures.miner("rtx").build());
        return Stream.of(
                Arguments.of("an exact model substring fits, case-insensitively", rtx, req(4, "RTX 4090", 24, 16, 100),
                        Set.of(), List.of()),
                Arguments.of("gpu_size is GB x 1000 compared strictly against MiB: 24 GB fits 24564 MiB", rtx,
                        req(1, "4090", 24, 1, 1), Set.of(), List.of()),
                Arguments.of("25 GB does not fit 24564 MiB", rtx, req(1, "4090", 25, 1, 1), Set.of(),
                        List.of(Reasons.GPU_MEMORY)),
                Arguments.of("another model is a mismatch", rtx, req(1, "a100", 10, 1, 1), Set.of(),
                        List.of(Reasons.GPU_MODEL)),
                Arguments.of("an empty gpu type means no gpu constraint", rtx, req(1, "", 500, 1, 1), Set.of(),
                        List.of()),
                Arguments.of("a zero gpu size means no gpu constraint", rtx, req(1, "h100", 0, 1, 1), Set.of(),
                        List.of()),
                Arguments.of("every resource shortfall is reported, not only the first", rtx,
                        req(32, "4090", 30, 128, 1000), Set.of(),
                        List.of(Reasons.CPU, Reasons.GPU_MEMORY, Reasons.RAM, Reasons.DISK)),
                Arguments.of("equal ram and disk fit (>=)", rtx, req(16, "", 0, 64, 500), Set.of(), List.of()),
                Arguments.of("a held miner is busy", rtx, req(1, "", 0, 1, 1), Set.of("rtx"), List.of(Reasons.BUSY)),
                Arguments.of("a blocked miner is skipped before its resources are looked at", blocked(rtx),
                        req(99, "", 0, 1, 1), Set.of(), List.of(Reasons.BLOCKED)),
                Arguments.of("a down miner is skipped", indexed(Fixtures.miner("down").health(Health.DOWN).build()),
                        req(1, "", 0, 1, 1), Set.of(), List.of(Reasons.OFFLINE)),
                Arguments.of("a miner without specs cannot serve a resource request",
                        indexed(Fixtures.miner("bare").noSpecs().build()), req(1, "", 0, 1, 1), Set.of(),
                        List.of(Reasons.NO_SPECS)),
                Arguments.of("a gpu request on a cpu-only miner is a model mismatch",
                        indexed(Fixtures.miner("cpu").noGpu().build()), req(1, "4090", 8, 1, 1), Set.of(),
                        List.of(Reasons.GPU_MODEL)),
                Arguments.of("a cpu-only request fits a cpu-only miner", indexed(Fixtures.miner("cpu").noGpu().build()),
                        req(1, "", 0, 1, 1), Set.of(), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void feasibility(String name, IndexedMiner miner, DeviceRequirement r, Set<String> held, List<String> reasons) {
        Decision d = placement.place(PlacementRequest.forSpec(r, 1), new MinerSnapshot(List.of(miner)),
                hotkey -> held.contains(hotkey) ? WHOLE : MinerUsage.NONE);
        assertThat(d.report().filteredByReason().keySet()).containsExactlyInAnyOrderElementsOf(reasons);
        assertThat(d.candidates()).hasSize(reasons.isEmpty() ? 1 : 0);
    }

    @Test
    void the_tightest_fitting_miner_ranks_first_and_the_report_lists_per_ranker_scores() {
        IndexedMiner big = indexed(Fixtures.miner("big").cpu(128).ramGib(1024).gpus("rtx 4090", 8, 24564).build());
        IndexedMiner small = indexed(Fixtures.miner("small").cpu(8).ramGib(32).build());
        Decision d = placement.place(PlacementRequest.forSpec(req(4, "4090", 20, 16, 10), 7),
                new MinerSnapshot(List.of(big, small)), Held.NONE);
        assertThat(d.candidates()).extracting(IndexedMiner::hotkey).containsExactly("small", "big");
        assertThat(d.report().top().get(0).scores()).containsKeys("tightest-fit", "health");
        assertThat(d.report().top().get(0).score()).isGreaterThan(d.report().top().get(1).score());
    }

    @Test
    void ties_are_broken_the_same_way_for_the_same_seed_and_differently_across_seeds() {
        List<IndexedMiner> fleet = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) fleet.add(indexed(Fixtures.miner("m" + i).build()));
        MinerSnapshot snapshot = new MinerSnapshot(fleet);
        DeviceRequirement r = req(1, "", 0, 1, 1);
        var a = placement.place(PlacementRequest.forSpec(r, 42), snapshot, Held.NONE).candidates();
        var b = placement.place(PlacementRequest.forSpec(r, 42), snapshot, Held.NONE).candidates();
        assertThat(a).isEqualTo(b);
        Set<String> firsts = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            firsts.add(placement.place(PlacementRequest.forSpec(r, seed), snapshot, Held.NONE).candidates().get(0).hotkey());
        }
        assertThat(firsts).hasSizeGreaterThan(3);
    }

    @Test
    void the_failure_summary_counts_reasons_largest_first() {
        List<IndexedMiner> fleet = List.of(
                indexed(Fixtures.miner("a").gpus("a100", 1, 81920).build()),
                indexed(Fixtures.miner("b").gpus("a100", 1, 81920).build()),
                indexed(Fixtures.miner("c").gpus("rtx 4090", 1, 24564).build()));
        Decision d = placement.place(PlacementRequest.forSpec(req(1, "4090", 40, 1, 1), 1),
                new MinerSnapshot(fleet), Held.NONE);
        assertThat(d.report().summary()).isEqualTo("0/3 miners fit: 2 gpu model mismatch, 1 insufficient gpu memory");
    }

    @Test
    void a_pinned_hotkey_is_the_only_miner_evaluated_and_needs_no_specs() {
        List<IndexedMiner> fleet =
                List.of(indexed(Fixtures.miner("a").noSpecs().build()), indexed(Fixtures.miner("b").build()));
        Decision d = placement.place(PlacementRequest.forHotkey("a", 1), new MinerSnapshot(fleet), Held.NONE);
        assertThat(d.report().evaluated()).isEqualTo(1);
        assertThat(d.candidates()).extracting(IndexedMiner::hotkey).containsExactly("a");
        Decision missing = placement.place(PlacementRequest.forHotkey("zz", 1), new MinerSnapshot(fleet), Held.NONE);
        assertThat(missing.pinnedVerdict()).isEqualTo(new Verdict.Unresolvable(Reasons.NOT_IN_METAGRAPH));
    }
}
