package io.computeregister.protocol.wandb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wrapped run config as W&amp;B stores it and the Python client reads it. */
class RunConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** As the Python client writes it (separators, desc before value, its own _wandb key). */
    private static final String STORED = "{\"role\": {\"desc\": null, \"value\": \"miner\"}, \"config\": {\"desc\": "
            + "null, \"value\": {\"netuid\": 27}}, \"allocated\": {\"desc\": null, \"value\": null}, \"_wandb\": "
            + "{\"desc\": null, \"value\": {\"cli_version\": \"0.16.6\"}}}";

    @Test
    void reading_unwraps_each_value_and_drops_underscore_keys_as_the_python_client() {
        RunConfig config = RunConfig.parse(TextNode.valueOf(STORED));

        assertThat(config.plain().toString())
                .isEqualTo("{\"role\":\"miner\",\"config\":{\"netuid\":27},\"allocated\":null}");
        assertThat(config.get("config").path("netuid").asInt()).isEqualTo(27);
        assertThat(config.get("allocated").isNull()).isTrue();
        assertThat(config.get("specs").isMissingNode()).isTrue();
    }

    @Test
    void writing_keeps_every_other_key_and_wraps_the_new_values() throws Exception {
        RunConfig config = RunConfig.parse(TextNode.valueOf(STORED))
                .with("allocated", "5Cvalidator")
                .with("allocated_hotkeys", List.of("5F1", "5F2"))
                .with("specs", Map.of("cpu", Map.of("count", 4)));

        var written = JSON.readTree(config.toJsonString());
        assertThat(written.path("allocated").toString()).isEqualTo("{\"value\":\"5Cvalidator\",\"desc\":null}");
        assertThat(written.path("allocated_hotkeys").path("value").toString()).isEqualTo("[\"5F1\",\"5F2\"]");
        assertThat(written.path("specs").path("value").path("cpu").path("count").asInt()).isEqualTo(4);
        assertThat(written.path("_wandb").path("value").path("cli_version").asText()).as("kept").isEqualTo("0.16.6");
        assertThat(written.path("role").path("value").asText()).isEqualTo("miner");
    }

    @Test
    void an_absent_config_is_empty_and_a_broken_one_is_a_clear_error() {
        assertThat(RunConfig.parse(null).plain().isEmpty()).isTrue();
        assertThat(RunConfig.parse(JSON.nullNode()).plain().isEmpty()).isTrue();
        assertThatThrownBy(() -> RunConfig.parse(TextNode.valueOf("{\"role\": ")))
                .isInstanceOf(WandbException.class)
                .hasMessageStartingWith("W&B returned a run config that is not JSON");
        assertThatThrownBy(() -> RunConfig.parse(TextNode.valueOf("[1, 2]")))
                .isInstanceOf(WandbException.class).hasMessageContaining("not a JSON object");
    }
}
