package io.computeregister.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Our webhook body: {@code {"id": <event seq>, "type": "allocation.down", "allocation_uuid": "...", "created_at":
 * "<ISO-8601>", "data": {...the event's payload}}}. {@code id} is the de-duplication key: a receiver may see an event
 * twice (at-least-once) but never with two ids.
 */
final class ComputePayload {

    private ComputePayload() {}

    static String body(long seq, String type, String allocationUuid, String payloadJson, Instant createdAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", seq);
        body.put("type", type);
        body.put("allocation_uuid", allocationUuid);
        body.put("created_at", createdAt.toString());
        JsonNode data;
        try {
            data = Json.MAPPER.readTree(payloadJson);
        } catch (Exception e) {
            data = Json.MAPPER.getNodeFactory().textNode(payloadJson);
        }
        body.put("data", data);
        return Json.write(body);
    }
}
