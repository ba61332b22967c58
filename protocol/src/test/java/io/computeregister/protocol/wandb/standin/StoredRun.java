package io.computeregister.protocol.wandb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A run as the stand-in stores it (docs/protocol.md §1.5): {@code name} is the 8-character run id, {@code id} an
 * opaque base64 storage id, {@code config} the stored text, kept exactly as it was written (a JSON object of
 * {@code {"value": ..., "desc": ...}} entries). Mutable under the {@link RunStore}'s lock only; tests get
 * {@link RunSnapshot}s.
 */
final class StoredRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** W&amp;B's GraphQL times: UTC, no zone, whole seconds. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    final String entity;
    final String project;
    final String name;
    final long sequence;
    String displayName;
    String description;
    String state;
    Instant createdAt;
    Instant heartbeatAt;
    String config;

    StoredRun(String entity, String project, String name, long sequence) {
        this.entity = entity;
        this.project = project;
        this.name = name;
        this.sequence = sequence;
    }

    String storageId() {
        return Base64.getEncoder().encodeToString(("Run:v1:" + name + ":" + project + ":" + entity)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The run's value under a filter key (see {@link RunFilter}); a missing node when it has none. */
    JsonNode field(String key) {
        switch (key) {
            case "state": return text(state);
            case "display_name": return text(displayName);
            case "name": return text(name);
            case "created_at": return text(TIME.format(createdAt));
            case "heartbeat_at": return text(heartbeatAt == null ? null : TIME.format(heartbeatAt));
            default: break;
        }
        String[] steps = key.split("\\.");
        if (steps.length < 2 || !steps[0].equals("config")) return MissingNode.getInstance();
        JsonNode entry = parsedConfig().path(steps[1]);
        // config.KEY addresses the value inside the wrapper, then plain JSON below it
        JsonNode value = entry.isObject() && entry.has("value") ? entry.get("value") : entry;
        return RunFilter.path(value, steps, 2);
    }

    private JsonNode parsedConfig() {
        try {
            JsonNode parsed = config == null ? null : JSON.readTree(config);
            return parsed == null ? MissingNode.getInstance() : parsed;
        } catch (Exception e) {
            return MissingNode.getInstance(); // a seeded broken config matches no config filter
        }
    }

    private static JsonNode text(String s) {
        return s == null ? MissingNode.getInstance() : TextNode.valueOf(s);
    }

    RunSnapshot snapshot() {
        return new RunSnapshot(entity, project, name, storageId(), displayName, state, createdAt, heartbeatAt, config);
    }
}
