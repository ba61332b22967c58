package io.computeregister.api.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The RegisterAPI response envelopes (docs/protocol.md §2.0, §9.7), field order as the original writes them. */
public final class Envelope {

    private Envelope() {}

    public static Map<String, Object> success(String message, Object data) {
        return withData(true, message, data);
    }

    /**
     * A failure that carries {@code data} instead of {@code err_detail}, as two of the original's 404s do
     * (allocations_sql and allocated_hotkeys with nothing to list).
     */
    public static Map<String, Object> failure(String message, Object data) {
        return withData(false, message, data);
    }

    private static Map<String, Object> withData(boolean success, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", success);
        body.put("message", message);
        body.put("data", data);
        return body;
    }

    /** A success without a {@code data} key, as {@code /service/deallocate} answers. */
    public static Map<String, Object> success(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("message", message);
        return body;
    }

    public static Map<String, Object> error(String message, Object errDetail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("message", message);
        body.put("err_detail", errDetail);
        return body;
    }

    public static Map<String, Object> validation(List<FieldError> errors) {
        return error(ValidationException.MESSAGE, errors);
    }
}
