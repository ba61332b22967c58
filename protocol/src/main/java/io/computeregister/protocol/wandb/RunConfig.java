package io.computeregister.protocol.wandb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * A run's {@code config} as W&amp;B stores it: a JSON object whose top-level keys each map to
 * {@code {"value": X, "desc": null}} (docs/protocol.md §1.5). GraphQL carries it as a string. {@link #plain()} is
 * what the Python client hands its callers: each {@code value} unwrapped, keys starting with {@code _} (such as
 * {@code _wandb}) dropped. {@link #with} changes one key in the wrapped form, so that a writer can send the whole
 * object back: W&amp;B replaces a run's stored config with what {@code upsertBucket} sends.
 *
 * <p>Not thread-safe: one writer builds one instance.
 */
public final class RunConfig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode wrapped;

    private RunConfig(ObjectNode wrapped) {
        this.wrapped = wrapped;
    }

    public static RunConfig empty() {
        return new RunConfig(JSON.createObjectNode());
    }

    /**
     * Reads {@code config} as GraphQL returns it (a JSON string; an object is accepted too). Null or absent is an
     * empty config.
     *
     * @throws WandbException when the string is not a JSON object
     */
    public static RunConfig parse(JsonNode raw) {
        if (raw == null || raw.isMissingNode() || raw.isNull()) return empty();
        JsonNode parsed;
        try {
            parsed = raw.isTextual() ? JSON.readTree(raw.asText()) : raw;
        } catch (JsonProcessingException e) {
            throw new WandbException("W&B returned a run config that is not JSON: " + e.getOriginalMessage());
        }
        if (parsed == null || parsed.isNull() || parsed.isMissingNode()) return empty();
        if (!(parsed instanceof ObjectNode o)) {
            throw new WandbException("W&B returned a run config that is not a JSON object but " + parsed.getNodeType());
        }
        return new RunConfig(o.deepCopy());
    }

    /** The unwrapped value of {@code key}; a missing node when the config has no such key. */
    public JsonNode get(String key) {
        JsonNode entry = wrapped.get(key);
        return entry == null ? MissingNode.getInstance() : unwrap(entry);
    }

    /** Sets {@code key} to {@code value} in the wrapped form ({@code {"value": value, "desc": null}}). */
    public RunConfig with(String key, JsonNode value) {
        ObjectNode entry = JSON.createObjectNode();
        entry.set("value", value == null ? JSON.nullNode() : value);
        entry.putNull("desc");
        wrapped.set(key, entry);
        return this;
    }

    /** Sets {@code key} to any value Jackson can write (strings, numbers, maps, lists). */
    public RunConfig with(String key, Object value) {
        return with(key, value instanceof JsonNode n ? n : JSON.valueToTree(value));
    }

    /** Every key with its value, as the Python client's {@code run.config}: unwrapped, {@code _}-keys dropped. */
    public ObjectNode plain() {
        ObjectNode plain = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> e : wrapped.properties()) {
            if (!e.getKey().startsWith("_")) plain.set(e.getKey(), unwrap(e.getValue()).deepCopy());
        }
        return plain;
    }

    /** The whole wrapped config as the JSON string {@code upsertBucket} takes. */
    public String toJsonString() {
        try {
            return JSON.writeValueAsString(wrapped);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a run config", e);
        }
    }

    private static JsonNode unwrap(JsonNode entry) {
        // COMPAT: an entry without the wrapper (written by hand through the GraphQL API) is taken as the value itself.
        return entry.isObject() && entry.has("value") ? entry.get("value") : entry;
    }

    @Override
    public String toString() {
        return toJsonString();
    }
}
