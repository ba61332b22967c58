package io.computeregister.bittensor.subtensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.computeregister.bittensor.scale.ScaleDecodeException;
import io.computeregister.bittensor.scale.ScaleWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A JSON-RPC client for a subtensor node: the few calls the metagraph read path needs. {@code http(s)://} endpoints use
 * one POST per call, {@code ws(s)://} one shared WebSocket. Every call is bounded by the timeout given at connect; a
 * JSON-RPC error from the node becomes an {@link RpcException} carrying the node's code and message. Thread-safe.
 */
public final class RpcClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final String endpoint;
    private final RpcTransport transport;
    private final AtomicLong ids = new AtomicLong();

    private RpcClient(String endpoint, RpcTransport transport) {
        this.endpoint = endpoint;
        this.transport = transport;
    }

    public static RpcClient connect(String endpointUrl) {
        return connect(endpointUrl, DEFAULT_TIMEOUT);
    }

    /**
     * A client for {@code endpointUrl}; the scheme picks the transport. No network traffic happens until the first call.
     *
     * @throws IllegalArgumentException when the URL is malformed or its scheme is not http, https, ws or wss
     */
    public static RpcClient connect(String endpointUrl, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("RPC timeout must be positive, got " + timeout);
        }
        URI uri = endpointUri(endpointUrl);
        RpcEndpoint endpoint = new RpcEndpoint(uri, redact(uri), timeout);
        RpcTransport transport = switch (uri.getScheme().toLowerCase(Locale.ROOT)) {
            case "http", "https" -> new HttpRpcTransport(endpoint);
            default -> new WebSocketRpcTransport(endpoint);
        };
        return new RpcClient(redact(uri), transport);
    }

    /**
     * Parses and checks an endpoint URL.
     *
     * @throws IllegalArgumentException when the URL is malformed or its scheme is not http, https, ws or wss
     */
    static URI endpointUri(String endpointUrl) {
        URI uri;
        try {
            uri = new URI(endpointUrl.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("subtensor endpoint is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "ws", "wss").contains(scheme)) {
            throw new IllegalArgumentException("subtensor endpoint '" + redact(uri)
                    + "' must start with ws://, wss://, http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("subtensor endpoint '" + redact(uri) + "' has no host");
        }
        return uri;
    }

    /**
     * The endpoint as it may appear in logs and errors: hosted RPC providers put API keys in the user-info or the query,
     * so both are masked.
     */
    static String redact(URI uri) {
        if (uri.getHost() == null) {
            return uri.getScheme() == null ? "(endpoint)" : uri.getScheme() + ":…";
        }
        StringBuilder sb = new StringBuilder().append(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            sb.append("***@");
        }
        sb.append(uri.getHost());
        if (uri.getPort() >= 0) {
            sb.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            sb.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            sb.append("?***");
        }
        return sb.toString();
    }

    /** The endpoint URL with any credentials masked (see {@link #redact}). */
    public String endpoint() {
        return endpoint;
    }

    /** {@code chain_getHeader}: the node's best block. */
    public BlockHeader header() throws RpcException {
        JsonNode result = call("chain_getHeader", params());
        JsonNode number = result.get("number");
        if (number == null || !number.isTextual()) {
            throw new RpcException("chain_getHeader from " + endpoint + " has no block number: "
                    + RpcEndpoint.excerpt(result.toString()));
        }
        JsonNode parent = result.get("parentHash");
        return new BlockHeader(parseHexNumber(number.asText(), "chain_getHeader number"), parent == null ? null : parent.asText());
    }

    /** {@code chain_getBlockHash(number)}: the hash of a block, to pin later reads to one snapshot. */
    public String blockHash(long number) throws RpcException {
        JsonNode result = call("chain_getBlockHash", params().add(number));
        if (!result.isTextual()) {
            throw new RpcException("chain_getBlockHash(" + number + ") from " + endpoint + " returned no hash"
                    + (result.isNull() ? " (block unknown to the node)" : ": " + result));
        }
        return result.asText();
    }

    /**
     * {@code state_call(method, params, blockHash)}: runs a runtime API and returns the raw SCALE result.
     *
     * @param hexParams the SCALE-encoded arguments as hex ({@code 0x} optional)
     * @param blockHash the block to run at, or null for the node's best block
     */
    public byte[] stateCall(String method, String hexParams, String blockHash) throws RpcException {
        ArrayNode params = params().add(method).add(hexParams);
        if (blockHash != null) {
            params.add(blockHash);
        }
        JsonNode result = call("state_call", params);
        if (!result.isTextual()) {
            throw new RpcException("state_call " + method + " from " + endpoint + " returned no hex string: "
                    + RpcEndpoint.excerpt(result.toString()));
        }
        try {
            return RuntimeApiResult.hexToBytes(result.asText());
        } catch (IllegalArgumentException e) {
            throw new RpcException("state_call " + method + " from " + endpoint + " returned bad hex: " + e.getMessage());
        }
    }

    /** {@code NeuronInfoRuntimeApi_get_neurons_lite(netuid)}, decoded in whichever framing the runtime uses. */
    public List<NeuronInfoLite> neuronsLite(int netuid, String blockHash) throws RpcException {
        return perSubnet("NeuronInfoRuntimeApi_get_neurons_lite", netuid, blockHash,
                result -> RuntimeApiResult.neuronsLite(result).value());
    }

    /** {@code SubnetInfoRuntimeApi_get_subnet_state(netuid)}; empty when the subnet does not exist. */
    public Optional<SubnetState> subnetState(int netuid, String blockHash) throws RpcException {
        return perSubnet("SubnetInfoRuntimeApi_get_subnet_state", netuid, blockHash,
                result -> RuntimeApiResult.subnetState(result).value());
    }

    /** A runtime API taking a netuid, its SCALE result decoded by {@code decode}. */
    private <T> T perSubnet(String method, int netuid, String blockHash, Function<byte[], T> decode)
            throws RpcException {
        byte[] result = stateCall(method, netuidParam(netuid), blockHash);
        try {
            return decode.apply(result);
        } catch (ScaleDecodeException e) {
            throw new RpcException(method + "(" + netuid + ") from " + endpoint + " does not decode: " + e.getMessage(), e);
        }
    }

    /** SCALE u16 little-endian as {@code 0x…} hex: netuid 27 → {@code 0x1b00}. */
    public static String netuidParam(int netuid) {
        if (netuid < 0 || netuid > 0xffff) {
            throw new IllegalArgumentException("netuid must be 0..65535, got " + netuid);
        }
        return "0x" + HexFormat.of().formatHex(new ScaleWriter().u16(netuid).toByteArray());
    }

    @Override
    public void close() {
        transport.close();
    }

    private JsonNode call(String method, ArrayNode params) throws RpcException {
        long id = ids.incrementAndGet();
        JsonNode response = transport.exchange(id, RpcTransport.request(id, method, params), method);
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            int code = error.path("code").asInt();
            String message = error.path("message").asText("(no message)");
            JsonNode data = error.get("data");
            String detail = data == null || data.isNull() ? "" : ": " + (data.isTextual() ? data.asText() : data.toString());
            throw new RpcException(method + " failed at " + endpoint + ": " + message + detail + " (RPC error " + code + ")", code);
        }
        if (!response.has("result")) {
            throw new RpcException(method + " to " + endpoint + " answered without result or error: "
                    + RpcEndpoint.excerpt(response.toString()));
        }
        return response.get("result");
    }

    private static ArrayNode params() {
        return RpcTransport.JSON.createArrayNode();
    }

    private long parseHexNumber(String hex, String what) throws RpcException {
        try {
            String h = hex.startsWith("0x") ? hex.substring(2) : hex;
            return Long.parseLong(h, 16);
        } catch (NumberFormatException e) {
            throw new RpcException(what + " from " + endpoint + " is not a hex number: " + hex);
        }
    }
}
