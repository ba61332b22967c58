package io.computeregister.api.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The original RegisterAPI's webhook body (docs/protocol.md §5.3), byte for byte: Python {@code json.dumps} default
 * separators ({@code ", "} and {@code ": "}), keys in its order, UTC times as {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}.
 *
 * <pre>
 * DEALLOCATION:   {"time": T, "deallocated_at": E, "hotkey": H, "status": "DEALLOCATION", "uuid": U}
 * ONLINE/OFFLINE: {"time": T, "status_change_at": E, "hotkey": H, "status": "ONLINE", "uuid": U}
 * </pre>
 */
final class OriginalPayload {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** Our event types the original knew, by its status name; others are not sent to original-format webhooks. */
    private static final Map<String, String> STATUS = Map.of(
            "allocation.deallocated", "DEALLOCATION",
            "allocation.expired", "DEALLOCATION",
            "allocation.vanished", "DEALLOCATION",
            "allocation.down", "OFFLINE",
            "allocation.up", "ONLINE");

    private OriginalPayload() {}

    static String statusOf(String eventType) {
        return STATUS.get(eventType);
    }

    /** The body, or null when the event has no original counterpart. */
    static String body(String eventType, String allocationUuid, String payloadJson, Instant eventAt, Instant now) {
        String status = statusOf(eventType);
        if (status == null) return null;
        String hotkey = "";
        try {
            JsonNode p = Json.MAPPER.readTree(payloadJson);
            hotkey = p.path("hotkey").asText("");
        } catch (JsonProcessingException e) {
            // keep the empty hotkey: the uuid still identifies the allocation
        }
        String atKey = status.equals("DEALLOCATION") ? "deallocated_at" : "status_change_at";
        return "{\"time\": " + quote(TIME.format(now))
                + ", " + quote(atKey) + ": " + quote(TIME.format(eventAt))
                + ", \"hotkey\": " + quote(hotkey)
                + ", \"status\": " + quote(status)
                + ", \"uuid\": " + quote(allocationUuid == null ? "" : allocationUuid) + "}";
    }

    private static String quote(String s) {
        return Json.write(s);
    }
}
