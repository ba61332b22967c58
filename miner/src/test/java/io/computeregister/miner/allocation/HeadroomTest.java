package io.computeregister.miner.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.miner.allocation.Allocation.State;
import io.computeregister.miner.allocation.Shortage.Resource;
import io.computeregister.protocol.specs.MinerSpecs;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HeadroomTest {

    private static final long GIB = 1L << 30;
    private static final HostResources HOST = new HostResources(8, 32 * GIB, 2, 3);

    @Test
    void an_empty_host_fits_a_request_within_its_totals() {
        Admission admission = Headroom.of(HOST, List.of()).fits(new ResourceRequest(8, 32 * GIB, 2));

        assertThat(admission.fits()).isTrue();
        assertThat(admission.shortages()).isEmpty();
    }

    @Test
    void every_shortfall_is_reported_with_numbers_not_just_the_first() {
        List<Allocation> held = List.of(
                allocation(5.5, 30 * GIB, 2, State.ACTIVE),
                allocation(1, GIB, 0, State.PAUSED),
                allocation(1, GIB, 0, State.ACTIVE));

        Admission admission = Headroom.of(HOST, held).fits(new ResourceRequest(2, 2 * GIB, 1));

        assertThat(admission.fits()).isFalse();
        assertThat(admission.shortages()).containsExactly(
                new Shortage(Resource.CPU, 2000, 500, 8000),
                new Shortage(Resource.MEMORY, 2 * GIB, 0, 32 * GIB),
                new Shortage(Resource.GPU, 1, 0, 2),
                new Shortage(Resource.PORT, 1, 0, 3));
        assertThat(admission.reason()).isEqualTo(
                "insufficient cpu: requested 2000 millicores, 500 free of 8000; "
                        + "insufficient memory: requested 2147483648 bytes, 0 free of 34359738368; "
                        + "insufficient gpu: requested 1 gpus, 0 free of 2; "
                        + "insufficient port: requested 1 ports, 0 free of 3");
    }

    @Test
    void paused_allocations_keep_their_resources_and_removed_ones_give_them_back() {
        Headroom headroom = Headroom.of(HOST, List.of(
                allocation(4, 16 * GIB, 1, State.PAUSED),
                allocation(4, 16 * GIB, 1, State.REMOVED)));

        assertThat(headroom.freeCpus()).isEqualTo(4.0);
        assertThat(headroom.freeMemoryBytes()).isEqualTo(16 * GIB);
        assertThat(headroom.freeGpus()).isEqualTo(1);
        assertThat(headroom.freePorts()).isEqualTo(2);
        assertThat(headroom.fits(new ResourceRequest(4, 16 * GIB, 1)).fits()).isTrue();
        assertThat(headroom.fits(new ResourceRequest(4.001, 16 * GIB, 1)).shortages())
                .containsExactly(new Shortage(Resource.CPU, 4001, 4000, 8000));
    }

    @Test
    void host_totals_come_from_the_specs_probe() {
        MinerSpecs specs = new MinerSpecs(new MinerSpecs.Cpu(16, 3000.0),
                new MinerSpecs.Gpu(4, 4 * 81920L, List.of(), null, null),
                null, new MinerSpecs.Ram(64 * GIB, 60 * GIB, 4 * GIB, 58 * GIB, 0L, 0L, 0L, null, null), true);

        assertThat(HostResources.fromSpecs(specs, 1000)).isEqualTo(new HostResources(16, 64 * GIB, 4, 1000));
    }

    @Test
    void gpu_cards_come_from_nvidia_smis_details_in_its_order() {
        MinerSpecs specs = new MinerSpecs(new MinerSpecs.Cpu(16, 3000.0),
                new MinerSpecs.Gpu(2, 2 * 81920L, List.of(new MinerSpecs.GpuDetail("NVIDIA H100 80GB HBM3", 81559L),
                        new MinerSpecs.GpuDetail("NVIDIA H100 80GB HBM3", 81559L)), null, null),
                null, new MinerSpecs.Ram(64 * GIB, 60 * GIB, 4 * GIB, 58 * GIB, 0L, 0L, 0L, null, null), true);

        HostResources host = HostResources.fromSpecs(specs, 10);
        assertThat(host.gpuCards()).containsExactly(new GpuCard(0, "NVIDIA H100 80GB HBM3", 81559),
                new GpuCard(1, "NVIDIA H100 80GB HBM3", 81559));
        Headroom empty = Headroom.of(host, List.of());
        assertThat(empty.gpusFor(new ResourceRequest(1, GIB, 1, "h100", 80_000))).contains(List.of(0));
        assertThat(empty.gpusFor(new ResourceRequest(1, GIB, 1, "h100", 170_000))).isEmpty();
        assertThat(empty.fits(new ResourceRequest(1, GIB, 1, "h100", 170_000)).reason())
                .isEqualTo("insufficient gpu (type 'h100', 170000 MiB together): requested 1 gpus, 2 free of 2");
    }

    @Test
    void cards_of_unknown_model_serve_any_type_since_the_api_placed_the_request_on_its_reported_specs() {
        Headroom offer = Headroom.of(new HostResources(8, 32 * GIB, 2, 3), List.of());
        assertThat(offer.gpusFor(new ResourceRequest(1, GIB, 1, "A100", 40_000))).contains(List.of(0));
    }

    static Allocation allocation(double cpus, long memory, int gpus, State state) {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        return new Allocation(UUID.randomUUID().toString(), "-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----\n",
                40000, cpus, memory, gpus, now, now.plusSeconds(3600), state, "sandbox");
    }
}
