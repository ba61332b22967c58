package io.computeregister.bittensor.subtensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/** JSON-RPC over HTTP POST, one request per call (subtensor nodes serve HTTP and WebSocket on the same port). */
final class HttpRpcTransport implements RpcTransport {
    private final RpcEndpoint endpoint;
    private final HttpClient http;

    HttpRpcTransport(RpcEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = endpoint.newHttpClient();
    }

    @Override
    public JsonNode exchange(long id, ObjectNode request, String method) throws RpcException {
        HttpRequest req = HttpRequest.newBuilder(endpoint.uri())
                .timeout(endpoint.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
                .build();
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw endpoint.noAnswer(method, e);
        } catch (IOException e) {
            throw endpoint.failed(method, e);
        } catch (InterruptedException e) {
            throw endpoint.interrupted(method, e);
        }
        if (resp.statusCode() != 200) {
            throw new RpcException(method + " to " + endpoint.name() + " answered HTTP " + resp.statusCode() + ": "
                    + RpcEndpoint.excerpt(resp.body()));
        }
        try {
            return JSON.readTree(resp.body());
        } catch (JsonProcessingException e) {
            throw new RpcException(method + " to " + endpoint.name() + " answered with something that is not JSON: "
                    + RpcEndpoint.excerpt(resp.body()), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
