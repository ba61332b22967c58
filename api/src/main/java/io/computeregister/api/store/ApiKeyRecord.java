package io.computeregister.api.store;

import java.time.Instant;

/** A stored API key: only its hash and a short prefix; the key itself is shown once and never stored. */
public record ApiKeyRecord(String keyHash, String prefix, String tenantId, Instant createdAt) {}
