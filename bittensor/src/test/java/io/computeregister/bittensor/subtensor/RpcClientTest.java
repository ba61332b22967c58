package io.computeregister.bittensor.subtensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RpcClientTest {
    private final SubtensorReplayServer server = new SubtensorReplayServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private RpcClient client(String transport, Duration timeout) {
        String url = transport.equals("ws") ? server.startWebSocket() : server.startHttp();
        return RpcClient.connect(url, timeout);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws"})
    void reads_the_best_block_and_its_hash(String transport) throws Exception {
        try (RpcClient rpc = client(transport, Duration.ofSeconds(5))) {
            BlockHeader header = rpc.header();
            assertThat(header.number()).isEqualTo(SubtensorReplayServer.BLOCK);
            assertThat(rpc.blockHash(header.number())).isEqualTo(SubtensorReplayServer.BLOCK_HASH);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws"})
    void neurons_lite_at_a_pinned_block_decode_to_the_recorded_1024_neurons(String transport) throws Exception {
        try (RpcClient rpc = client(transport, Duration.ofSeconds(5))) {
            List<NeuronInfoLite> neurons = rpc.neuronsLite(1, SubtensorReplayServer.BLOCK_HASH);

            assertThat(neurons).hasSize(1024);
            assertThat(neurons.get(0).axon().hostPort()).isEqualTo("192.222.59.109:6028");
        }
        var call = server.requests().getLast();
        assertThat(call.path("method").asText()).isEqualTo("state_call");
        assertThat(call.path("params").toString()).isEqualTo(
                "[\"NeuronInfoRuntimeApi_get_neurons_lite\",\"0x0100\",\"" + SubtensorReplayServer.BLOCK_HASH + "\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws"})
    void subnet_state_and_the_old_wrapped_framing_come_through_too(String transport) throws Exception {
        try (RpcClient rpc = client(transport, Duration.ofSeconds(5))) {
            SubnetState state = rpc.subnetState(1, null).orElseThrow();
            assertThat(state.n()).isEqualTo(1024);
            assertThat(state.alphaStake().getFirst()).isEqualTo(2557172316L);

            List<NeuronInfoLite> sn23 = rpc.neuronsLite(23, null);
            assertThat(sn23).hasSize(19);
            assertThat(sn23.get(18).axon().hostPort()).isEqualTo("148.76.188.140:19014");
        }
        assertThat(server.requests().getLast().path("params").size()).isEqualTo(2); // no block hash: the best block
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws"})
    void an_rpc_error_surfaces_with_the_node_message_and_code(String transport) {
        try (RpcClient rpc = client(transport, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> rpc.stateCall("NoSuchApi_call", "0x", null))
                    .isInstanceOf(RpcException.class)
                    .hasMessageContaining("state_call failed at ")
                    .hasMessageContaining("Exported method NoSuchApi_call is not found")
                    .hasMessageContaining("RPC error -32000")
                    .satisfies(e -> assertThat(((RpcException) e).rpcCode()).isEqualTo(-32000));
            assertThatThrownBy(() -> rpc.neuronsLite(1, "0x" + "ab".repeat(32)))
                    .isInstanceOf(RpcException.class)
                    .hasMessageContaining("UnknownBlock");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "ws"})
    void a_node_that_does_not_answer_times_out_within_the_bound(String transport) {
        try (RpcClient rpc = client(transport, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> rpc.stateCall(SubtensorReplayServer.HANG_METHOD, "0x", null))
                    .isInstanceOf(RpcException.class)
                    .hasMessageContaining("got no answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1", "ws://127.0.0.1:1"})
    void an_unreachable_node_is_a_clear_rpc_exception(String url) {
        try (RpcClient rpc = RpcClient.connect(url, Duration.ofSeconds(2))) {
            assertThatThrownBy(rpc::header)
                    .isInstanceOf(RpcException.class)
                    .hasMessageContaining("127.0.0.1:1")
                    .hasMessageContaining("connection refused or host unreachable")
                    .satisfies(e -> assertThat(((RpcException) e).rpcCode()).isNull());
        }
    }

    @Test
    void one_websocket_serves_concurrent_callers_each_with_its_own_answer() throws Exception {
        try (RpcClient rpc = client("ws", Duration.ofSeconds(10))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Integer>> sizes = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    int netuid = i % 2 == 0 ? 23 : 1;
                    sizes.add(pool.submit((Callable<Integer>) () -> rpc.neuronsLite(netuid, null).size()));
                }
                for (int i = 0; i < sizes.size(); i++) {
                    assertThat(sizes.get(i).get()).isEqualTo(i % 2 == 0 ? 19 : 1024);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void endpoints_are_checked_and_credentials_never_shown() {
        assertThatThrownBy(() -> RpcClient.connect("ftp://node:9944", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with ws://, wss://, http:// or https://");
        try (RpcClient rpc = RpcClient.connect("wss://user:s3cret@node.example:443/ws?apikey=s3cret", Duration.ofSeconds(1))) {
            assertThat(rpc.endpoint()).isEqualTo("wss://***@node.example:443/ws?***").doesNotContain("s3cret");
        }
    }

    @Test
    void netuid_params_are_u16_little_endian_hex() {
        assertThat(RpcClient.netuidParam(27)).isEqualTo("0x1b00");
        assertThat(RpcClient.netuidParam(1)).isEqualTo("0x0100");
        assertThat(RpcClient.netuidParam(300)).isEqualTo("0x2c01");
        assertThatThrownBy(() -> RpcClient.netuidParam(65536)).hasMessageContaining("netuid must be 0..65535");
    }
}
