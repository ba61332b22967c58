package io.computeregister.miner.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.HostConfig;
import io.computeregister.miner.runtime.RuntimeSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The spec-to-Docker mapping for what this host cannot run for real (GPUs) and the edge values. */
class ContainerSettingsTest {

    private static final String NETWORK = "compute-net-a1";

    private static RuntimeSpec spec(List<Integer> gpuIds, double cpus, long memory, Path volume) {
        return new RuntimeSpec("a1", "img", cpus, memory, 0, gpuIds, 2222, "0.0.0.0", "root", "pw", "", volume, "");
    }

    @Test
    void gpus_are_requested_by_device_id_with_the_gpu_capability_never_by_count() {
        // A count always takes the first cards: a second renter's "1 GPU" would be the first renter's GPU 0 again.
        List<DeviceRequest> requests = ContainerSettings.hostConfig(spec(List.of(1, 3), 0, 0, null), NETWORK)
                .getDeviceRequests();

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.getDeviceIds()).containsExactly("1", "3");
            assertThat(r.getCount()).isNull();
            assertThat(r.getCapabilities()).containsExactly(List.of("gpu"));
        });
    }

    @Test
    void no_gpus_requests_no_device() {
        assertThat(ContainerSettings.hostConfig(spec(List.of(), 0, 0, null), NETWORK).getDeviceRequests()).isNull();
    }

    @Test
    void zero_limits_mean_unlimited_and_fractions_of_a_cpu_become_nano_cpus() {
        HostConfig unlimited = ContainerSettings.hostConfig(spec(List.of(), 0, 0, null), NETWORK);
        HostConfig limited = ContainerSettings.hostConfig(spec(List.of(), 2.25, 1L << 30, Path.of("/srv/vol/a1")),
                NETWORK);

        assertThat(unlimited.getNanoCPUs()).isNull();
        assertThat(unlimited.getMemory()).isNull();
        assertThat(unlimited.getPidsLimit()).isNull();
        assertThat(limited.getNanoCPUs()).isEqualTo(2_250_000_000L);
        assertThat(limited.getMemory()).isEqualTo(1L << 30);
        assertThat(limited.getShmSize()).isEqualTo(1L << 29);
        assertThat(limited.getBinds()).singleElement().hasToString("/srv/vol/a1:/root/volume:rw");
    }
}
