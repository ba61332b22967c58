package io.computeregister.api.store;

import java.time.Instant;

/**
 * A stored API key as listings show it: whose it is, its displayable prefix and its life. Never the key, never its
 * hash. {@code revokedAt} is null while the key works.
 */
public record ApiKeyInfo(String prefix, String tenantId, String tenantName, Instant createdAt, Instant revokedAt) {}
