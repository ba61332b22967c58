package io.computeregister.bittensor.subtensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetagraphSourceTest {
    private final SubtensorReplayServer server = new SubtensorReplayServer();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws"})
    void the_subtensor_source_reads_neurons_at_the_best_block(String transport) throws Exception {
        String url = transport.equals("ws") ? server.startWebSocket() : server.startHttp();
        MetagraphSource source = MetagraphSource.parse("subtensor:" + url, 1);

        Metagraph m = source.load();

        assertThat(m.netuid()).isEqualTo(1);
        assertThat(m.block()).isEqualTo(SubtensorReplayServer.BLOCK);
        assertThat(m.n()).isEqualTo(1024);
        Metagraph.Neuron uid0 = m.neuron(0).orElseThrow();
        assertThat(uid0).isEqualTo(new Metagraph.Neuron(0, "5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ",
                "5EhQWxcFdYAk7B9tNdQnJQFzww5N3964rbsMk55SujcX3PwM", "192.222.59.109", 6028, 2.557172316, false, false));
        assertThat(m.neuronByHotkey(uid0.hotkey())).contains(uid0);
        assertThat(m.neuron(1023).orElseThrow().isServing()).isFalse();
        assertThat(m.neurons().stream().filter(Metagraph.Neuron::validatorPermit).count()).isEqualTo(12);
        // pinned: the neurons were read at the hash of the block the header named
        assertThat(server.requests().getLast().path("params").get(2).asText()).isEqualTo(SubtensorReplayServer.BLOCK_HASH);
        assertThat(source.describe()).isEqualTo("subtensor:" + url + " netuid 1");
    }

    @Test
    void the_subtensor_source_reads_the_old_wrapped_framing() throws Exception {
        Metagraph m = new SubtensorMetagraphSource(server.startHttp(), 23, Duration.ofSeconds(5)).load();

        assertThat(m.n()).isEqualTo(19);
        Metagraph.Neuron uid0 = m.neuron(0).orElseThrow();
        assertThat(uid0.hotkey()).isEqualTo("5G6coSQnHMttZsH5ZmYWAT6Jtg5zPDGxofirgGE4htow1UXD");
        assertThat(uid0.stake()).isEqualTo(0.002999);
        assertThat(uid0.validatorPermit()).isTrue();
        assertThat(m.neuron(18).orElseThrow().ip()).isEqualTo("148.76.188.140");
    }

    @Test
    void a_subnet_without_neurons_is_an_empty_metagraph() throws Exception {
        Metagraph m = new SubtensorMetagraphSource(server.startHttp(), 99).load();
        assertThat(m.n()).isZero();
        assertThat(m.netuid()).isEqualTo(99);
    }

    @Test
    void an_unreachable_chain_fails_the_load_with_the_endpoint_named() {
        MetagraphSource source = new SubtensorMetagraphSource("ws://127.0.0.1:1", 1, Duration.ofSeconds(2));
        assertThatThrownBy(source::load).isInstanceOf(IOException.class).hasMessageContaining("ws://127.0.0.1:1");
    }

    @Test
    void the_static_source_reads_back_what_was_written() throws Exception {
        Metagraph live = new SubtensorMetagraphSource(server.startHttp(), 1).load();
        Path file = dir.resolve("metagraph.json");
        Files.writeString(file, MetagraphJson.write(live));

        Metagraph read = MetagraphSource.parse("static:" + file, 1).load();

        assertThat(read.netuid()).isEqualTo(1);
        assertThat(read.block()).isEqualTo(Metagraph.UNKNOWN_BLOCK);
        assertThat(read.neurons()).isEqualTo(live.neurons());
    }

    @Test
    void the_static_source_checks_the_netuid_and_names_bad_fields() throws Exception {
        Path file = dir.resolve("m.json");
        Files.writeString(file, """
                {"netuid": 1, "n": 1, "neurons": [{"uid": 0, "hotkey": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
                 "coldkey": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "ip": "1.2.3.4", "port": 70000,
                 "stake": 1.5, "validator_permit": true, "active": true}]}
                """);
        assertThatThrownBy(() -> new StaticMetagraphSource(file).load())
                .isInstanceOf(IOException.class)
                .hasMessage("metagraph file " + file + ": neurons[0].port must be an integer 0..65535");

        Files.writeString(file, "{\"netuid\": 2, \"n\": 0, \"neurons\": []}");
        assertThat(new StaticMetagraphSource(file).load().netuid()).isEqualTo(2);
        assertThatThrownBy(() -> new StaticMetagraphSource(file, 27).load())
                .hasMessageContaining("holds netuid 2, expected 27");

        assertThatThrownBy(() -> new StaticMetagraphSource(dir.resolve("missing.json")).load())
                .hasMessageContaining("does not exist");
    }

    @Test
    void parse_rejects_an_unknown_form_naming_the_flag() {
        assertThatThrownBy(() -> MetagraphSource.parse("finney", 27))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--metagraph 'finney' is neither static:FILE nor subtensor:URL");
        assertThatThrownBy(() -> MetagraphSource.parse("subtensor:ftp://x", 27))
                .hasMessageContaining("must start with ws://, wss://, http:// or https://");
        assertThatThrownBy(() -> MetagraphSource.parse("subtensor:ws://x:9944", 70000))
                .hasMessageContaining("netuid must be 0..65535");
        assertThat(MetagraphSource.parse("static:/tmp/m.json", 27).describe()).isEqualTo("static:/tmp/m.json");
    }
}
