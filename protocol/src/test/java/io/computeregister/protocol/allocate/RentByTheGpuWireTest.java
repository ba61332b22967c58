package io.computeregister.protocol.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.protocol.specs.MinerSpecs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fields our API and our miner add to the original synapse to rent by the GPU (extra ports, logs, extend, the
 * miner's offer and image catalog): each crosses the wire as written, bad values are refused naming the field, and
 * a request or answer that does not use them is byte for byte what the original sends.
 */
class RentByTheGpuWireTest {

    @Test
    void extra_ports_are_sent_only_when_asked_and_read_back() {
        DockerRequirement plain = DockerRequirement.requestDefaults();
        assertThat(plain.toWire()).doesNotContainKey("ports");
        assertThat(DockerRequirement.fromWire(plain.toWire()).ports()).isEmpty();

        DockerRequirement withPorts = plain.withPorts(List.of(8888, 6006));
        Map<String, Object> wire = withPorts.toWire();
        assertThat(wire.get("ports")).isEqualTo(List.of(8888, 6006));
        assertThat(DockerRequirement.fromWire(new LinkedHashMap<>(wire)).ports()).containsExactly(8888, 6006);
    }

    @Test
    void bad_ports_are_refused_naming_the_field() {
        for (Object bad : List.of("8888", List.of(0), List.of(65536), List.of(80.5), List.of("80"),
                List.of(1, 2, 3, 4, 5, 6, 7, 8, 9))) {
            assertThatThrownBy(() -> DockerRequirement.ports(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docker_requirement.ports");
        }
        assertThatThrownBy(() -> DockerRequirement.ports(List.of(8888, 8888)))
                .hasMessageContaining("8888 is asked twice");
    }

    @Test
    void logs_and_extend_carry_their_count_and_the_originals_actions_do_not() {
        assertThat(DockerAction.of(DockerAction.RESTART).toWire()).containsOnlyKeys("action", "ssh_key", "key_type");
        assertThat(DockerAction.logs(200).toWire()).containsEntry("action", "logs").containsEntry("tail", 200)
                .doesNotContainKey("days");
        assertThat(DockerAction.extend(3).toWire()).containsEntry("action", "extend").containsEntry("days", 3);
        assertThat(DockerAction.fromWire(new LinkedHashMap<>(DockerAction.extend(3).toWire())))
                .isEqualTo(DockerAction.extend(3));
        assertThat(DockerAction.fromWire(new LinkedHashMap<>(Map.of("action", "logs", "tail", 50.0))).tail())
                .isEqualTo(50);
        assertThatThrownBy(() -> DockerAction.fromWire(new LinkedHashMap<>(Map.of("action", "logs", "tail", 2.5))))
                .hasMessageContaining("docker_action.tail");
    }

    @Test
    void a_miners_offer_and_images_round_trip_and_are_absent_from_the_originals_specs() {
        MinerSpecs original = new MinerSpecs(new MinerSpecs.Cpu(16, 3000.0), MinerSpecs.Gpu.none(),
                new MinerSpecs.HardDisk(100L, 60L, 40L, null, null),
                new MinerSpecs.Ram(1000L, 800L, 150L, 700L, 0L, 0L, 0L, null, null), true);
        assertThat(original.toJson()).doesNotContain("offer", "images");

        MinerSpecs ours = original.withOffer(new MinerSpecs.Offer(14, 64L << 30, 500L << 30,
                List.of(new MinerSpecs.OfferedGpu(0, "NVIDIA H100 80GB HBM3", 81559L),
                        new MinerSpecs.OfferedGpu(1, "NVIDIA H100 80GB HBM3", 81559L)), 100),
                List.of("pytorch", "ssh-test"));
        String json = ours.toJson();
        assertThat(json).contains("\"offer\":{\"cpus\":14,\"memory_bytes\":" + (64L << 30),
                "\"gpus\":[{\"index\":0,\"name\":\"NVIDIA H100 80GB HBM3\",\"memory_mib\":81559}",
                "\"ports\":100}", "\"images\":[\"pytorch\",\"ssh-test\"]");
        assertThat(MinerSpecs.fromJson(json)).isEqualTo(ours);
    }
}
