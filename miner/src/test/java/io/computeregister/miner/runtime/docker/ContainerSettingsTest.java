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

    private static RuntimeSpec spec(int gpus, double cpus, long memory, Path volume) {
        return new RuntimeSpec("a1", "img", cpus, memory, 0, gpus, 2222, "0.0.0.0", "root", "pw", "", volume, "");
    }

    @Test
    void all_gpus_is_a_device_request_with_count_minus_one_and_the_gpu_capability() {
        List<DeviceRequest> requests = ContainerSettings.hostConfig(spec(-1, 0, 0, null)).getDeviceRequests();

        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.getCount()).isEqualTo(-1);
            assertThat(r.getCapabilities()).containsExactly(List.of("gpu"));
        });
    }

    @Test
    void a_gpu_count_is_passed_through_and_zero_gpus_requests_no_device() {
        assertThat(ContainerSettings.hostConfig(spec(2, 0, 0, null)).getDeviceRequests())
                .singleElement().extracting(DeviceRequest::getCount).isEqualTo(2);
        assertThat(ContainerSettings.hostConfig(spec(0, 0, 0, null)).getDeviceRequests()).isNull();
    }

    @Test
    void zero_limits_mean_unlimited_and_fractions_of_a_cpu_become_nano_cpus() {
        HostConfig unlimited = ContainerSettings.hostConfig(spec(0, 0, 0, null));
        HostConfig limited = ContainerSettings.hostConfig(spec(0, 2.25, 1L << 30, Path.of("/srv/vol/a1")));

        assertThat(unlimited.getNanoCPUs()).isNull();
        assertThat(unlimited.getMemory()).isNull();
        assertThat(unlimited.getPidsLimit()).isNull();
        assertThat(limited.getNanoCPUs()).isEqualTo(2_250_000_000L);
        assertThat(limited.getMemory()).isEqualTo(1L << 30);
        assertThat(limited.getShmSize()).isEqualTo(1L << 29);
        assertThat(limited.getBinds()).singleElement().hasToString("/srv/vol/a1:/root/volume:rw");
    }
}
