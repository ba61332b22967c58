package io.computeregister.bittensor.subtensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetagraphJsonTest {
    private static final String ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
    private static final String BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

    @Test
    void writes_exactly_the_contract_keys_in_snake_case() throws Exception {
        Metagraph m = new Metagraph(27, 100, List.of(new Metagraph.Neuron(3, ALICE, BOB, "10.0.0.1", 8091, 12.5, true, true)));

        var tree = new ObjectMapper().readTree(MetagraphJson.write(m));

        assertThat(tree.fieldNames()).toIterable().containsExactly("netuid", "n", "neurons");
        assertThat(tree.get("neurons").get(0).fieldNames()).toIterable()
                .containsExactly("uid", "hotkey", "coldkey", "ip", "port", "stake", "validator_permit", "active");
        assertThat(tree.get("neurons").get(0).get("stake").asDouble()).isEqualTo(12.5);
        assertThat(tree.get("n").asInt()).isEqualTo(1);
    }

    @Test
    void reads_its_own_output_back() {
        Metagraph m = new Metagraph(27, 100, List.of(
                new Metagraph.Neuron(1, BOB, ALICE, "::1", 1, 0.0, false, true),
                new Metagraph.Neuron(0, ALICE, BOB, "10.0.0.1", 8091, 2.557172316, true, false)));

        Metagraph back = MetagraphJson.read(MetagraphJson.write(m));

        assertThat(back.neurons()).isEqualTo(m.neurons());
        assertThat(back.neurons()).extracting(Metagraph.Neuron::uid).containsExactly(0, 1);
    }

    @Test
    void bad_documents_name_the_field_at_fault() {
        assertThatThrownBy(() -> MetagraphJson.read("[]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> MetagraphJson.read("{\"netuid\":1,\"n\":2,\"neurons\":[]}"))
                .hasMessage("n is 2 but neurons holds 0 entries");
        assertThatThrownBy(() -> MetagraphJson.read("{\"netuid\":1,\"n\":1,\"neurons\":[{\"uid\":0,\"hotkey\":\"nope\"}]}"))
                .hasMessage("neurons[0].hotkey 'nope' is not an SS58 address");
        assertThatThrownBy(() -> MetagraphJson.read("{\"netuid\":1,"))
                .isInstanceOf(MetagraphJson.InvalidMetagraphJsonException.class)
                .hasMessageStartingWith("not JSON");
        String neuron = "{\"uid\":0,\"hotkey\":\"%s\",\"coldkey\":\"%s\",\"ip\":\"1.1.1.1\",\"port\":1,"
                + "\"stake\":0,\"validator_permit\":false,\"active\":false}";
        String twice = "{\"netuid\":1,\"n\":2,\"neurons\":[" + neuron.formatted(ALICE, BOB) + ","
                + neuron.formatted(BOB, BOB) + "]}";
        assertThatThrownBy(() -> MetagraphJson.read(twice)).hasMessage("uid 0 appears twice in the metagraph of netuid 1");
    }
}
