package io.computeregister.api.wandb;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One W&B run, named as the original's Python client names them (§2.14, §2.16): {@code id} is the run id
 * ({@code 0djlnjjs}), {@code name} its display name ({@code miner-5F...}), {@code config} the run config with each
 * entry's {@code {"value": ...}} wrapper removed, so {@code config.path("hotkey")} is the hotkey itself.
 */
public record WandbRun(String id, String name, String description, String state, String createdAt, JsonNode config) {

    public String hotkey() {
        return config.path("hotkey").asText(null);
    }

    public String role() {
        return config.path("role").asText(null);
    }
}
