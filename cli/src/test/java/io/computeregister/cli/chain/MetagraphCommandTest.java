package io.computeregister.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.bittensor.testing.TestData;
import io.computeregister.cli.ComputeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MetagraphCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // the recorded chain answers of the bittensor test data (through its test-jar)
    private static final Path TYPED = TestData.file("subtensor/neurons_lite_netuid1_typed.hex");
    private static final Path WRAPPED = TestData.file("subtensor/neurons_lite_netuid23_wrapped.hex");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ComputeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString().strip());
    }

    @Test
    void from_hex_prints_the_typed_recording_as_metagraph_json() throws Exception {
        Run r = run("metagraph", "--from-hex", TYPED.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.fieldNames()).toIterable().containsExactly("netuid", "n", "neurons");
        assertThat(json.get("netuid").asInt()).isEqualTo(1);
        assertThat(json.get("n").asInt()).isEqualTo(1024);
        assertThat(json.get("neurons")).hasSize(1024);
        JsonNode uid0 = json.get("neurons").get(0);
        assertThat(uid0.fieldNames()).toIterable()
                .containsExactly("uid", "hotkey", "coldkey", "ip", "port", "stake", "validator_permit", "active");
        assertThat(uid0.toString()).isEqualTo("{\"uid\":0,"
                + "\"hotkey\":\"5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ\","
                + "\"coldkey\":\"5EhQWxcFdYAk7B9tNdQnJQFzww5N3964rbsMk55SujcX3PwM\","
                + "\"ip\":\"192.222.59.109\",\"port\":6028,\"stake\":2.557172316,"
                + "\"validator_permit\":false,\"active\":false}");
        JsonNode last = json.get("neurons").get(1023);
        assertThat(last.get("uid").asInt()).isEqualTo(1023);
        assertThat(last.get("ip").asText() + ":" + last.get("port").asInt()).isEqualTo("0.0.0.0:0");
    }

    @Test
    void from_hex_reads_the_old_wrapped_framing_and_takes_the_netuid_from_the_neurons() throws Exception {
        Run r = run("metagraph", "--from-hex", WRAPPED.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("netuid").asInt()).isEqualTo(23);
        assertThat(json.get("n").asInt()).isEqualTo(19);
        JsonNode uid0 = json.get("neurons").get(0);
        assertThat(uid0.get("hotkey").asText()).isEqualTo("5G6coSQnHMttZsH5ZmYWAT6Jtg5zPDGxofirgGE4htow1UXD");
        assertThat(uid0.get("stake").asDouble()).isEqualTo(0.002999); // 2999000 rao
        assertThat(uid0.get("validator_permit").asBoolean()).isTrue();
        JsonNode uid18 = json.get("neurons").get(18);
        assertThat(uid18.get("ip").asText() + ":" + uid18.get("port").asInt()).isEqualTo("148.76.188.140:19014");
    }

    @Test
    void the_static_source_reads_what_the_command_printed() throws Exception {
        Run r = run("metagraph", "--from-hex", TYPED.toString(), "--netuid", "1");
        assertThat(r.exit()).as(r.err()).isZero();
        Path file = Files.writeString(tmp.resolve("metagraph.json"), r.out());

        Metagraph m = new StaticMetagraphSource(file, 1).load();

        assertThat(m.n()).isEqualTo(1024);
        Metagraph.Neuron uid0 = m.neuron(0).orElseThrow();
        assertThat(uid0.hotkey()).isEqualTo("5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ");
        assertThat(uid0.ip() + ":" + uid0.port()).isEqualTo("192.222.59.109:6028");
        assertThat(uid0.stake()).isEqualTo(2.557172316);
        assertThat(m.neuronByHotkey("5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ")).contains(uid0);
        // and printing what was read gives the same document
        assertThat(io.computeregister.bittensor.subtensor.MetagraphJson.write(m)).isEqualTo(r.out().strip());
    }

    @Test
    void a_missing_file_is_one_line_and_exit_2() {
        Run r = run("metagraph", "--from-hex", tmp.resolve("nope.hex").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("error: --from-hex " + tmp.resolve("nope.hex") + ": no such file");
    }

    @Test
    void bad_hex_is_one_line_and_exit_2() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.hex"), "0xnot-hex");
        Run r = run("metagraph", "--from-hex", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --from-hex " + file + " is not a hex string").doesNotContain("\n");
    }

    @Test
    void hex_that_is_not_a_neuron_list_names_the_offset_and_exits_2() throws Exception {
        String typed = Files.readString(TYPED).strip();
        Path file = Files.writeString(tmp.resolve("trailing.hex"), typed + "00");
        Run r = run("metagraph", "--from-hex", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not a get_neurons_lite result: 1 trailing byte(s)")
                .contains("offset " + (typed.length() - 2) / 2)
                .doesNotContain("\n");
    }

    @Test
    void a_netuid_that_contradicts_the_file_is_refused() {
        Run r = run("metagraph", "--from-hex", WRAPPED.toString(), "--netuid", "27");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--netuid 27 does not match netuid 23");
    }

    @Test
    void one_source_is_required_and_subtensor_needs_a_netuid() {
        assertThat(run("metagraph").exit()).isEqualTo(2);
        Run r = run("metagraph", "--subtensor", "ws://127.0.0.1:9944");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: --netuid is required with --subtensor");
        Run both = run("metagraph", "--subtensor", "ws://x:1", "--from-hex", "f");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void subtensor_reads_a_live_node_over_json_rpc() throws Exception {
        HttpServer node = recordedNode();
        try {
            String url = "http://127.0.0.1:" + node.getAddress().getPort();
            Run r = run("metagraph", "--subtensor", url, "--netuid", "23", "--timeout", "5");

            assertThat(r.exit()).as(r.err()).isZero();
            JsonNode json = JSON.readTree(r.out());
            assertThat(json.get("netuid").asInt()).isEqualTo(23);
            assertThat(json.get("n").asInt()).isEqualTo(19);
            assertThat(json.get("neurons").get(18).get("port").asInt()).isEqualTo(19014);
        } finally {
            node.stop(0);
        }
    }

    @Test
    void an_unreachable_node_is_one_line_and_exit_1() {
        Run r = run("metagraph", "--subtensor", "http://127.0.0.1:1", "--netuid", "23", "--timeout", "2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: cannot read the metagraph of netuid 23: ").doesNotContain("\n");
    }

    /** A minimal subtensor JSON-RPC node on HTTP that serves the netuid 23 recording at block 100. */
    private static HttpServer recordedNode() throws IOException {
        String neurons = Files.readString(WRAPPED).strip();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            JsonNode req = JSON.readTree(exchange.getRequestBody());
            ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0");
            resp.set("id", req.get("id"));
            switch (req.get("method").asText()) {
                case "chain_getHeader" -> resp.putObject("result").put("number", "0x64");
                case "chain_getBlockHash" -> resp.put("result", "0x" + "ab".repeat(32));
                case "state_call" -> {
                    if (req.get("params").get(1).asText().equals("0x1700")) {
                        resp.put("result", neurons);
                    } else {
                        resp.put("result", "0x00");
                    }
                }
                default -> resp.putObject("error").put("code", -32601).put("message", "Method not found");
            }
            byte[] body = resp.toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }
}
