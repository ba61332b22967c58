package io.computeregister.bittensor.subtensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Carries one JSON-RPC 2.0 request to a node and returns the whole response object. Implementations are thread-safe. */
interface RpcTransport extends AutoCloseable {
    ObjectMapper JSON = new ObjectMapper();

    /** Sends {@code request} (with its {@code id}) and returns the response carrying the same id. */
    JsonNode exchange(long id, ObjectNode request, String method) throws RpcException;

    @Override
    void close();

    static ObjectNode request(long id, String method, ArrayNode params) {
        ObjectNode req = JSON.createObjectNode();
        req.put("jsonrpc", "2.0");
        req.put("id", id);
        req.put("method", method);
        req.set("params", params);
        return req;
    }
}
