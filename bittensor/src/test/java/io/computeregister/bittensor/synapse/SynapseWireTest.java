package io.computeregister.bittensor.synapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The body, headers and body hash Python 9.0.0 sends (docs/protocol.md §B1.2-§B1.4, §B1.8). */
class SynapseWireTest {
    private static final ObjectMapper JSON = SynapseJson.mapper();
    private static final String ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

    /** The worked example's synapse, as a Java dendrite fills it in. */
    private static Allocate workedExample() {
        Allocate a = new Allocate().timeline(1);
        a.timeout(10.0);
        a.totalSize(4000);
        a.dendrite().ip("198.51.100.7").version(9000000L).nonce(1718000000000000000L)
                .uuid("5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a").hotkey(ALICE).signature("0x6e88");
        a.axon().ip("192.0.2.10").port(8091).hotkey(BOB);
        return a;
    }

    @Test
    void a_subclass_serializes_every_field_in_python_order_with_nulls_as_in_the_worked_example() throws Exception {
        String expected = """
                {"name":"Allocate","timeout":10.0,"total_size":4000,"header_size":0,
                 "dendrite":{"status_code":null,"status_message":null,"process_time":null,"ip":"198.51.100.7","port":null,"version":9000000,"nonce":1718000000000000000,"uuid":"5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a","hotkey":"5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY","signature":"0x6e88"},
                 "axon":{"status_code":null,"status_message":null,"process_time":null,"ip":"192.0.2.10","port":8091,"version":null,"nonce":null,"uuid":null,"hotkey":"5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty","signature":null},
                 "computed_body_hash":"","timeline":1,"device_requirement":{},"checking":true,"output":{},"public_key":"",
                 "docker_requirement":{"base_image":"ubuntu","ssh_key":"","ssh_port":4444,"volume_path":"/tmp","dockerfile":""},
                 "docker_change":false,"docker_action":{"action":"","ssh_key":"","key_type":""}}""";
        String actual = JSON.writeValueAsString(workedExample());
        assertThat(fieldOrder(JSON.readTree(actual))).isEqualTo(fieldOrder(JSON.readTree(expected)));
        assertThat(JSON.readTree(actual)).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void a_python_body_with_extra_fields_and_missing_ones_parses_to_defaults() throws Exception {
        Allocate a = JSON.readValue("""
                {"name":"Allocate","timeout":12,"timeline":3,"unknown_field":{"x":1},"axon":{"port":8091,"extra":1}}""",
                Allocate.class);
        assertThat(a.timeout()).isEqualTo(12.0);
        assertThat(a.axon().port()).isEqualTo(8091);
        assertThat(JSON.valueToTree(a).get("timeline").asInt()).isEqualTo(3);
        assertThat(JSON.valueToTree(a).get("docker_requirement").get("ssh_port").asInt()).isEqualTo(4444);
    }

    @Test
    void headers_match_the_worked_example_names_order_and_values() {
        Map<String, String> h = SynapseHeaders.of(workedExample());
        assertThat(new ArrayList<>(h.keySet())).containsExactly("name", "timeout", "bt_header_axon_ip",
                "bt_header_axon_port", "bt_header_axon_hotkey", "bt_header_dendrite_ip", "bt_header_dendrite_version",
                "bt_header_dendrite_nonce", "bt_header_dendrite_uuid", "bt_header_dendrite_hotkey",
                "bt_header_dendrite_signature", "header_size", "total_size", "computed_body_hash");
        assertThat(h).containsEntry("name", "Allocate").containsEntry("timeout", "10.0")
                .containsEntry("bt_header_axon_port", "8091").containsEntry("bt_header_axon_hotkey", BOB)
                .containsEntry("bt_header_dendrite_version", "9000000")
                .containsEntry("bt_header_dendrite_nonce", "1718000000000000000")
                .containsEntry("total_size", "4000")
                .containsEntry("computed_body_hash", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
        assertThat(Long.parseLong(h.get("header_size"))).isPositive();
    }

    @Test
    void headers_parse_back_into_a_synapse_as_the_axon_reads_them() throws Exception {
        Map<String, String> h = SynapseHeaders.of(workedExample());
        Allocate back = SynapseHeaders.parse(Allocate.class, h::get);
        assertThat(back.timeout()).isEqualTo(10.0);
        assertThat(back.dendrite().nonce()).isEqualTo(1718000000000000000L);
        assertThat(back.dendrite().hotkey()).isEqualTo(ALICE);
        assertThat(back.axon().port()).isEqualTo(8091);
        assertThat(back.computedBodyHash()).isEqualTo(BodyHash.EMPTY);
    }

    @Test
    void a_non_numeric_int_header_is_refused_naming_the_header() {
        Map<String, String> h = new java.util.HashMap<>(SynapseHeaders.of(workedExample()));
        h.put("bt_header_dendrite_nonce", "12ab");
        assertThatThrownBy(() -> SynapseHeaders.parse(Allocate.class, h::get))
                .isInstanceOf(SynapseHeaders.MalformedHeaderException.class)
                .hasMessageContaining("bt_header_dendrite_nonce");
        h.put("bt_header_dendrite_nonce", "1_000");
        h.put("timeout", "1e1");
        assertThat(catchParse(h)).isNull();
    }

    private static Exception catchParse(Map<String, String> h) {
        try {
            SynapseHeaders.parse(Allocate.class, h::get);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Test
    void body_hash_without_required_fields_is_sha3_of_the_empty_string() {
        assertThat(BodyHash.of(new Allocate())).isEqualTo(BodyHash.EMPTY);
        assertThat(BodyHash.sha3Hex("")).isEqualTo(BodyHash.EMPTY);
    }

    @Test
    void body_hash_over_required_fields_hashes_python_str_of_each_value() throws Exception {
        // Python: get_hash("".join(get_hash(str(v)) for v in fields)); str({'a': 1, 'b': [True, None, 1.5]}) etc.
        JsonNode body = JSON.readTree("""
                {"text":"hi","d":{"a":1,"b":[true,null,1.5,"it's"]},"f":1e16,"g":0.0001}""");
        String expected = BodyHash.sha3Hex(BodyHash.sha3Hex("hi")
                + BodyHash.sha3Hex("{'a': 1, 'b': [True, None, 1.5, \"it's\"]}")
                + BodyHash.sha3Hex("1e+16") + BodyHash.sha3Hex("0.0001"));
        assertThat(BodyHash.of(body, List.of("text", "d", "f", "g"))).isEqualTo(expected);
        assertThat(BodyHash.of(new Echo.Hashed("hi"))).isEqualTo(BodyHash.sha3Hex(BodyHash.sha3Hex("hi")));
    }

    @Test
    void floats_print_like_cpython_repr() {
        assertThat(PythonStr.floatRepr(12.0)).isEqualTo("12.0");
        assertThat(PythonStr.floatRepr(0.1)).isEqualTo("0.1");
        assertThat(PythonStr.floatRepr(1e-5)).isEqualTo("1e-05");
        assertThat(PythonStr.floatRepr(123456789.0)).isEqualTo("123456789.0");
        assertThat(PythonStr.floatRepr(1.5e300)).isEqualTo("1.5e+300");
        assertThat(PythonStr.floatRepr(-2.5)).isEqualTo("-2.5");
    }

    private static List<String> fieldOrder(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
