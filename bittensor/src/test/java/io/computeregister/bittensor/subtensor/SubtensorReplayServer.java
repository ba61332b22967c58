package io.computeregister.bittensor.subtensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A local subtensor stand-in for tests: a real JSON-RPC server (JDK HttpServer for HTTP, Javalin for WebSocket) that
 * answers with the recorded chain results of {@link RecordedResults}. The chain is pinned at block 6852690,
 * where the netuid 1 recordings were taken; {@code state_call} must carry that block's hash or none.
 */
final class SubtensorReplayServer implements AutoCloseable {
    static final long BLOCK = 6852690;
    // The recording's real hash is only partly known (0xdb13c066…f9d0); this stand-in has the same ends.
    static final String BLOCK_HASH = "0xdb13c066" + "0".repeat(56) + "f9d0";
    /** A runtime API this server never answers (until it closes), for timeout tests. */
    static final String HANG_METHOD = "test_hang";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> RECORDED = Map.of(
            "NeuronInfoRuntimeApi_get_neurons_lite 0100", RecordedResults.NEURONS_NETUID1_TYPED,
            "SubnetInfoRuntimeApi_get_subnet_state 0100", RecordedResults.SUBNET_STATE_NETUID1,
            "NeuronInfoRuntimeApi_get_neurons_lite 1700", RecordedResults.NEURONS_NETUID23_WRAPPED);

    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer http;
    private Javalin ws;

    /** Serves JSON-RPC over HTTP POST; returns the endpoint URL. */
    String startHttp() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = answer(body);
            byte[] bytes = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        http.start();
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** Serves JSON-RPC over WebSocket; returns the endpoint URL. */
    String startWebSocket() {
        ws = Javalin.create(config -> config.routes.ws("/", handler -> handler.onMessage(ctx -> {
                    String answer = answer(ctx.message());
                    if (answer != null) {
                        ctx.send(answer);
                    }
                })))
                .start("127.0.0.1", 0);
        return "ws://127.0.0.1:" + ws.port();
    }

    /** Every request received, in order. */
    List<JsonNode> requests() {
        return requests;
    }

    /** The JSON-RPC answer to one request; null (after the server closes) for a state_call of {@link #HANG_METHOD}. */
    private String answer(String body) {
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            return error(null, -32700, "Parse error");
        }
        requests.add(req);
        JsonNode id = req.get("id");
        JsonNode params = req.path("params");
        return switch (req.path("method").asText()) {
            case "chain_getHeader" -> {
                ObjectNode header = JSON.createObjectNode();
                header.put("parentHash", "0x" + "11".repeat(32));
                header.put("number", "0x" + Long.toHexString(BLOCK));
                header.put("stateRoot", "0x" + "22".repeat(32));
                yield result(id, header);
            }
            case "chain_getBlockHash" -> result(id, params.path(0).asLong() == BLOCK
                    ? JSON.getNodeFactory().textNode(BLOCK_HASH)
                    : JSON.getNodeFactory().nullNode());
            case "state_call" -> stateCall(id, params);
            default -> error(id, -32601, "Method not found");
        };
    }

    private String stateCall(JsonNode id, JsonNode params) {
        String method = params.path(0).asText();
        if (method.equals(HANG_METHOD)) {
            awaitRelease();
            return null;
        }
        String args = params.path(1).asText().replaceFirst("^0x", "");
        if (params.size() > 2 && !params.get(2).asText().equals(BLOCK_HASH)) {
            return error(id, 4003, "Client error: UnknownBlock: State already discarded for " + params.get(2).asText());
        }
        String file = RECORDED.get(method + " " + args);
        if (file != null) {
            return result(id, JSON.getNodeFactory().textNode(RecordedResults.hex(file)));
        }
        if (method.startsWith("NeuronInfoRuntimeApi_")) {
            return result(id, JSON.getNodeFactory().textNode("0x00")); // a subnet that does not exist has no neurons
        }
        return error(id, -32000, "Client error: Execution failed: Other: Exported method " + method + " is not found");
    }

    private static String result(JsonNode id, JsonNode result) {
        ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0");
        resp.set("id", id);
        resp.set("result", result);
        return resp.toString();
    }

    private static String error(JsonNode id, int code, String message) {
        ObjectNode resp = JSON.createObjectNode().put("jsonrpc", "2.0");
        resp.set("id", id);
        resp.putObject("error").put("code", code).put("message", message);
        return resp.toString();
    }

    private void awaitRelease() {
        try {
            released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        if (http != null) {
            http.stop(0);
        }
        if (ws != null) {
            ws.stop();
        }
    }
}
