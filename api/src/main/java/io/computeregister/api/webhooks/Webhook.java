package io.computeregister.api.webhooks;

import java.time.Instant;

/**
 * A registered endpoint. Its signing secret is not part of it: the secret is sealed at rest, returned once at
 * creation, and decrypted only to sign a delivery ({@link WebhookStore.Pending}).
 */
public record Webhook(String id, String tenantId, String url, WebhookFormat format, Instant createdAt) {

    @Override
    public String toString() {
        return "Webhook[id=" + id + ", tenant=" + tenantId + ", url=" + url + ", format=" + format.wire() + "]";
    }
}
