package io.computeregister.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads query parameters and JSON bodies the way the original's FastAPI/pydantic v2 (lax mode) accepted them, and
 * collects every problem so one 422 lists them all. Usage: read everything, then {@link #throwIfInvalid()}.
 */
public final class RequestReader {

    private static final Set<String> TRUE = Set.of("true", "1", "yes", "on", "t", "y");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "off", "f", "n");

    private final Context ctx;
    private final List<FieldError> errors = new ArrayList<>();

    public RequestReader(Context ctx) {
        this.ctx = ctx;
    }

    // ---- query

    public String requiredQuery(String name) {
        String value = ctx.queryParam(name);
        if (value == null) errors.add(new FieldError(name, FieldError.REQUIRED));
        return value;
    }

    public String optionalQuery(String name, String fallback) {
        String value = ctx.queryParam(name);
        return value == null ? fallback : value;
    }

    public boolean queryBool(String name, boolean fallback) {
        String value = ctx.queryParam(name);
        if (value == null) return fallback;
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) return true;
        if (FALSE.contains(v)) return false;
        errors.add(new FieldError(name, FieldError.BOOL_PARSE));
        return fallback;
    }

    /** An optional int query parameter (pydantic lax: "3" and "3.0" pass); null when absent or invalid. */
    public Integer queryInt(String name) {
        String value = ctx.queryParam(name);
        if (value == null) return null;
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            try {
                double d = Double.parseDouble(value.trim());
                if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
                errors.add(new FieldError(name, FieldError.INT_FRACTION));
            } catch (NumberFormatException notANumber) {
                errors.add(new FieldError(name, FieldError.INT_PARSE));
            }
            return null;
        }
    }

    /** An optional float query parameter; null when absent or invalid (NaN and infinities are refused). */
    public Double queryNumber(String name) {
        String value = ctx.queryParam(name);
        if (value == null) return null;
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // recorded below
        }
        errors.add(new FieldError(name, FieldError.NUMBER_PARSE));
        return null;
    }

    // ---- body

    /**
     * The parsed body, or null when it is empty (a "Field required" error named {@code body} is recorded if
     * {@code required}). Malformed JSON ends the request at once with the original's single decode error, whose
     * field is the character offset.
     */
    public JsonNode body(boolean required) {
        // Most lists are asked without a body: one announced as empty is not read (reading allocates a buffer).
        String text = ctx.req().getContentLengthLong() == 0 ? null : ctx.body();
        if (text == null || text.isBlank()) {
            if (required) errors.add(new FieldError("body", FieldError.REQUIRED));
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            long offset = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            throw new ValidationException(List.of(new FieldError(offset, FieldError.JSON_DECODE)));
        }
    }

    /** A required embedded object under {@code key} (two-body endpoints); null after recording the error. */
    public JsonNode requiredObject(JsonNode body, String key) {
        JsonNode node = body == null ? null : body.get(key);
        if (node == null || node.isMissingNode()) {
            errors.add(new FieldError(key, FieldError.REQUIRED));
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError(key, FieldError.NOT_AN_OBJECT));
            return null;
        }
        return node;
    }

    /** Checks that a whole body is an object; records the error under "body" otherwise. */
    public boolean isObject(JsonNode body) {
        if (body != null && !body.isObject()) {
            errors.add(new FieldError("body", FieldError.NOT_AN_OBJECT));
            return false;
        }
        return body != null;
    }

    /** pydantic lax int: ints, integral floats and numeric strings pass; fractions, other strings, null do not. */
    public int intField(JsonNode object, String name, int fallback) {
        JsonNode node = object == null ? null : object.get(name);
        if (node == null) return fallback;
        if (node.isIntegralNumber() && node.canConvertToInt()) return node.intValue();
        if (node.isBoolean()) return node.booleanValue() ? 1 : 0;
        if (node.isFloatingPointNumber()) {
            double d = node.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
            errors.add(new FieldError(name, FieldError.INT_FRACTION));
            return fallback;
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.textValue().trim());
            } catch (NumberFormatException e) {
                errors.add(new FieldError(name, FieldError.INT_PARSE));
                return fallback;
            }
        }
        errors.add(new FieldError(name, FieldError.NOT_AN_INT));
        return fallback;
    }

    /** An {@code Optional[int]} field: absent or JSON null is null, otherwise as {@link #intField}. */
    public Integer optionalIntField(JsonNode object, String name) {
        JsonNode node = object == null ? null : object.get(name);
        if (node == null || node.isNull()) return null;
        int before = errors.size();
        int value = intField(object, name, 0);
        return errors.size() == before ? value : null;
    }

    /** An {@code Optional[float]} field: numbers and numeric strings pass; absent or JSON null is null. */
    public Double optionalNumberField(JsonNode object, String name) {
        JsonNode node = object == null ? null : object.get(name);
        if (node == null || node.isNull()) return null;
        if (node.isNumber() && Double.isFinite(node.doubleValue())) return node.doubleValue();
        if (node.isTextual()) {
            try {
                double d = Double.parseDouble(node.textValue().trim());
                if (Double.isFinite(d)) return d;
            } catch (NumberFormatException e) {
                // recorded below
            }
            errors.add(new FieldError(name, FieldError.NUMBER_PARSE));
            return null;
        }
        errors.add(new FieldError(name, FieldError.NOT_A_NUMBER));
        return null;
    }

    /** An {@code Optional[str]} field: absent or JSON null is null, otherwise as {@link #stringField}. */
    public String optionalStringField(JsonNode object, String name) {
        JsonNode node = object == null ? null : object.get(name);
        if (node == null || node.isNull()) return null;
        return stringField(object, name, null);
    }

    /** Records an error whose field is not a name (e.g. a list index, as pydantic reports it). */
    public void reject(Object field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** pydantic str: only JSON strings pass (numbers are not coerced). */
    public String stringField(JsonNode object, String name, String fallback) {
        JsonNode node = object == null ? null : object.get(name);
        if (node == null) return fallback;
        if (node.isTextual()) return node.textValue();
        errors.add(new FieldError(name, FieldError.NOT_A_STRING));
        return fallback;
    }

    /** A rule of ours beyond the original's types (e.g. ranges); recorded like any other field error. */
    public void require(boolean condition, String field, String message) {
        if (!condition) errors.add(new FieldError(field, message));
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) throw new ValidationException(errors);
    }
}
