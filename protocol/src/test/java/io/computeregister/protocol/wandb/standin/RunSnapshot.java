package io.computeregister.protocol.wandb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * A run as the stand-in stores it, for tests to read back raw.
 *
 * @param name      the run id (GraphQL {@code Run.name})
 * @param storageId GraphQL {@code Run.id}, opaque
 * @param config    the stored config text, exactly as written (wrapped values and all)
 */
public record RunSnapshot(String entity, String project, String name, String storageId, String displayName,
                          String state, Instant createdAt, Instant heartbeatAt, String config) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The config parsed, still wrapped ({@code {"key": {"value": ..., "desc": ...}}}). */
    public JsonNode wrappedConfig() {
        try {
            return JSON.readTree(config);
        } catch (Exception e) {
            throw new IllegalStateException("run " + name + " holds a config that is not JSON: " + config, e);
        }
    }

    /** The value inside the wrapper of config key {@code key}; a missing node when absent. */
    public JsonNode value(String key) {
        JsonNode entry = wrappedConfig().path(key);
        return entry.isObject() && entry.has("value") ? entry.get("value") : entry;
    }
}
