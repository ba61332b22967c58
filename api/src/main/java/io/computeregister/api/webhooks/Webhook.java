package io.computeregister.api.webhooks;

import java.time.Instant;

/** A registered endpoint. {@code secret} is plaintext in memory only (sealed at rest) and never printed. */
public record Webhook(String id, String tenantId, String url, String secret, WebhookFormat format, Instant createdAt) {

    @Override
    public String toString() {
        return "Webhook[id=" + id + ", tenant=" + tenantId + ", url=" + url + ", format=" + format.wire() + "]";
    }
}
