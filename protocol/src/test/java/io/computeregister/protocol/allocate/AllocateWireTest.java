package io.computeregister.protocol.allocate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.bittensor.synapse.SynapseJson;
import io.computeregister.protocol.specs.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Allocate and Specs synapses against the body of docs/protocol.md §B1.3/§B1.8. */
class AllocateWireTest {
    private static final ObjectMapper JSON = SynapseJson.mapper();

    /** The subclass part of the worked example's body (docs/protocol.md §B1.8), as the Python model dumps it. */
    private static final String PYTHON_FIELDS = """
            {"timeline":1,"device_requirement":{},"checking":true,"output":{},"public_key":"",
             "docker_requirement":{"base_image":"ubuntu","ssh_key":"","ssh_port":4444,"volume_path":"/tmp","dockerfile":""},
             "docker_change":false,"docker_action":{"action":"","ssh_key":"","key_type":""}}""";

    @Test
    void a_default_allocate_serializes_to_the_python_body_with_fields_in_python_order() throws Exception {
        JsonNode body = JSON.readTree(JSON.writeValueAsString(new Allocate().timeline(1)));

        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("name", "timeout", "total_size", "header_size", "dendrite", "axon",
                "computed_body_hash", "timeline", "device_requirement", "checking", "output", "public_key",
                "docker_requirement", "docker_change", "docker_action");
        assertThat(body.get("name").asText()).isEqualTo("Allocate");
        JsonNode expected = JSON.readTree(PYTHON_FIELDS);
        expected.fieldNames().forEachRemaining(f -> assertThat(body.get(f)).as(f).isEqualTo(expected.get(f)));
    }

    @Test
    void a_python_body_parses_with_missing_fields_at_their_defaults_and_typed_reads() throws Exception {
        String body = """
                {"name":"Allocate","timeline":3,"checking":false,"public_key":"PEM",
                 "device_requirement":{"cpu":{"count":2},"gpu":{"count":1,"capacity":24000,"type":"a100"},
                   "hard_disk":{"capacity":1073741824.0},"ram":{"capacity":2147483648.0},"testing":true},
                 "docker_requirement":{"ssh_key":"ssh-ed25519 AAAA x"},
                 "some_future_field":1}""";
        Allocate a = JSON.readValue(body, Allocate.class);

        assertThat(a.timeline()).isEqualTo(3);
        assertThat(a.checking()).isFalse();
        assertThat(a.dockerChange()).isFalse();
        assertThat(a.dockerAction()).isEqualTo(Map.of("action", "", "ssh_key", "", "key_type", ""));
        DeviceRequirement d = a.device();
        assertThat(d).isEqualTo(new DeviceRequirement(2, 1, "a100", 24000, 2L << 30, 1L << 30, true));
        assertThat(d.ramGib()).isEqualTo(2.0);
        assertThat(d.gpuSizeGb()).isEqualTo(24);
        assertThat(a.docker().sshKey()).isEqualTo("ssh-ed25519 AAAA x");
        // pydantic replaces the whole dict; the typed read falls back to the default for a key that was not sent
        assertThat(a.docker().sshPort()).isEqualTo(4444);
    }

    @Test
    void the_api_mapping_of_its_request_is_the_originals_of_protocol_2_3() {
        assertThat(DeviceRequirement.of(4, "a100", 24, 8, 50).toWire()).isEqualTo(Map.of(
                "cpu", Map.of("count", 4),
                "gpu", Map.of("count", 1, "capacity", 24000L, "type", "a100"),
                "hard_disk", Map.of("capacity", 50L << 30),
                "ram", Map.of("capacity", 8L << 30)));
        assertThat(DeviceRequirement.of(1, "", 0, 1, 1).toWire().get("gpu")).isEqualTo(Map.of());
    }

    @Test
    void a_malformed_requirement_names_the_field() {
        Allocate a = new Allocate().deviceRequirement(Map.of("ram", Map.of("capacity", "lots")));
        assertThatThrownBy(a::device).hasMessageContaining("device_requirement.ram.capacity");
        Allocate b = new Allocate().deviceRequirement(Map.of("cpu", 3));
        assertThatThrownBy(b::device).hasMessageContaining("device_requirement.cpu must be a JSON object");
    }

    @Test
    void output_round_trips_as_a_json_object_and_status_reads_only_a_true() throws Exception {
        Allocate reply = new Allocate().output(Map.of("status", true, "info", "abc", "port", 40001));
        Allocate back = JSON.readValue(JSON.writeValueAsString(reply), Allocate.class);
        assertThat(back.output()).containsEntry("status", true).containsEntry("port", 40001);
        assertThat(back.status()).isTrue();
        assertThat(new Allocate().output(Map.of("port", 1)).status()).isFalse();
    }

    @Test
    void specs_has_the_python_fields_and_defaults() throws Exception {
        JsonNode body = JSON.readTree(JSON.writeValueAsString(new Specs()));
        assertThat(body.get("name").asText()).isEqualTo("Specs");
        assertThat(body.get("specs_input").asText()).isEmpty();
        assertThat(body.get("specs_output").asText()).isEmpty();
        Specs parsed = JSON.readValue("{\"specs_output\":\"{\\\"cpu\\\":{}}\"}", Specs.class);
        assertThat(parsed.specsOutput()).isEqualTo("{\"cpu\":{}}");
    }
}
