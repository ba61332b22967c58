package io.computeregister.protocol.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * One W&amp;B run, named as the original's Python client names them (docs/protocol.md §2.14, §2.16): {@code id} is
 * the run id ({@code 0djlnjjs}, GraphQL {@code Run.name}), {@code name} its display name ({@code miner-5F...}),
 * {@code config} the run config unwrapped ({@link RunConfig#plain()}), so {@code config.path("hotkey")} is the hotkey.
 *
 * @param createdAt   as W&amp;B writes it, {@code 2026-11-20T08:14:03} (UTC)
 * @param heartbeatAt the run's last sign of life as W&amp;B writes it; null when W&amp;B did not say
 */
public record WandbRun(String id, String name, String description, String state, String createdAt,
                       String heartbeatAt, JsonNode config) {

    public String hotkey() {
        return config.path("hotkey").asText(null);
    }

    public String role() {
        return config.path("role").asText(null);
    }

    /** When W&amp;B last heard of the run: its heartbeat, else its creation; null when neither is readable. */
    public Instant lastSeen() {
        Instant heartbeat = instant(heartbeatAt);
        return heartbeat != null ? heartbeat : instant(createdAt);
    }

    /** W&amp;B's times carry no zone and are UTC; an offset, when present, is honoured. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.endsWith("Z") ? text.substring(0, text.length() - 1) : text)
                        .toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
