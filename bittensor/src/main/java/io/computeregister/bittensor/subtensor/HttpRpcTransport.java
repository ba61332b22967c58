package io.computeregister.bittensor.subtensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** JSON-RPC over HTTP POST, one request per call (subtensor nodes serve HTTP and WebSocket on the same port). */
final class HttpRpcTransport implements RpcTransport {
    private final URI uri;
    private final String endpoint; // redacted, for messages
    private final Duration timeout;
    private final HttpClient http;

    HttpRpcTransport(URI uri, String redactedEndpoint, Duration timeout) {
        this.uri = uri;
        this.endpoint = redactedEndpoint;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public JsonNode exchange(long id, ObjectNode request, String method) throws RpcException {
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new RpcException(method + " to " + endpoint + " got no answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new RpcException(method + " to " + endpoint + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException(method + " to " + endpoint + " was interrupted", e);
        }
        if (resp.statusCode() != 200) {
            throw new RpcException(method + " to " + endpoint + " answered HTTP " + resp.statusCode() + ": "
                    + excerpt(resp.body()));
        }
        try {
            return JSON.readTree(resp.body());
        } catch (JsonProcessingException e) {
            throw new RpcException(method + " to " + endpoint + " answered with something that is not JSON: "
                    + excerpt(resp.body()), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * The first message down the cause chain. java.net.http reports a refused connection or an unknown host as bare
     * exceptions without any message, so those are named here.
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException) {
                return "host name does not resolve";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused or host unreachable";
            }
        }
        return e.getClass().getSimpleName();
    }

    static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
