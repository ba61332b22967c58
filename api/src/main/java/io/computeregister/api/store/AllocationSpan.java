package io.computeregister.api.store;

import java.time.Instant;

/**
 * One allocation's life as usage counts it: its tenant (by name), when it started and ended (null: still active), and
 * the cores and GPUs it held (0 when not recorded).
 */
public record AllocationSpan(String tenant, Instant start, Instant end, int cpus, int gpus) {}
