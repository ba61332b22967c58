package io.computeregister.api.allocation;

import java.util.Map;

/**
 * What to ask a miner for: the wire dicts of {@code Allocate} plus the fresh key pair whose public half goes to the
 * miner and whose private half decrypts its answer.
 */
public record AllocateOrder(int timelineDays, Map<String, Object> deviceRequirement, DockerSpec docker,
                            EnvelopeKeys keys) {}
