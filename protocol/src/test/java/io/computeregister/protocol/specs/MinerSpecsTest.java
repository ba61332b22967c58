package io.computeregister.protocol.specs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MinerSpecsTest {

    /** Shaped like the original's W&B config.specs (Validator/script.py), including a field we do not model. */
    private static final String ORIGINAL = """
            {"cpu": {"count": 32, "frequency": 2450.0},
             "gpu": {"count": 2, "capacity": 163840,
                     "details": [{"name": "NVIDIA A100-SXM4-80GB", "capacity": 81920, "utilization": 0},
                                 {"name": "NVIDIA A100-SXM4-80GB", "capacity": 81920, "utilization": 3}],
                     "graphics_speed": 1410, "memory_speed": 1593},
             "hard_disk": {"total": 1000000000000, "free": 600000000000, "used": 400000000000,
                           "write_speed": 1500.5, "read_speed": 3000.25},
             "ram": {"total": 270000000000, "available": 250000000000, "used": 15000000000, "free": 240000000000,
                     "swap_total": 0, "swap_used": 0, "swap_free": 0, "read_speed": 9000.0, "write_speed": 7000.0},
             "has_docker": true}
            """;

    @Test
    void parses_the_original_specs_shape() {
        MinerSpecs specs = MinerSpecs.fromJson(ORIGINAL);

        assertThat(specs.cpu()).isEqualTo(new MinerSpecs.Cpu(32, 2450.0));
        assertThat(specs.gpu().count()).isEqualTo(2);
        assertThat(specs.gpu().capacity()).isEqualTo(163840L);
        assertThat(specs.gpu().details()).extracting(MinerSpecs.GpuDetail::name)
                .containsExactly("NVIDIA A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB");
        assertThat(specs.gpu().graphicsSpeed()).isEqualTo(1410);
        assertThat(specs.hardDisk().free()).isEqualTo(600000000000L);
        assertThat(specs.hardDisk().readSpeed()).isEqualTo(3000.25);
        assertThat(specs.ram().available()).isEqualTo(250000000000L);
        assertThat(specs.ram().swapTotal()).isZero();
        assertThat(specs.hasDocker()).isTrue();
    }

    @Test
    void writes_wire_names_and_leaves_out_what_was_not_measured() {
        var specs = new MinerSpecs(new MinerSpecs.Cpu(4, 2000.0), MinerSpecs.Gpu.none(),
                new MinerSpecs.HardDisk(100L, 60L, 40L, null, null),
                new MinerSpecs.Ram(1000L, 800L, 150L, 700L, 0L, 0L, 0L, null, null), false);

        String json = specs.toJson();

        assertThat(json).contains("\"hard_disk\":{\"total\":100,\"free\":60,\"used\":40}")
                .contains("\"swap_total\":0").contains("\"has_docker\":false")
                .contains("\"gpu\":{\"count\":0,\"capacity\":0,\"details\":[]}")
                .doesNotContain("speed");
        assertThat(MinerSpecs.fromJson(json)).isEqualTo(specs);
    }

    @Test
    void an_empty_section_as_the_original_writes_on_failure_parses() {
        MinerSpecs specs = MinerSpecs.fromJson("{\"cpu\": {}, \"gpu\": {}, \"hard_disk\": {}, \"ram\": {}}");

        assertThat(specs.cpu().count()).isNull();
        assertThat(specs.gpu().details()).isEqualTo(List.of());
        assertThat(specs.hasDocker()).isNull();
    }

    @Test
    void invalid_json_names_the_location() {
        assertThatThrownBy(() -> MinerSpecs.fromJson("{\"cpu\": {\"count\": \"many\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("specs JSON is invalid")
                .hasMessageContaining("line 1");
    }
}
