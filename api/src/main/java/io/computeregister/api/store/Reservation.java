package io.computeregister.api.store;

import java.time.Instant;

/** A held miner slot; {@code token} identifies the holder so a late commit can tell it lost the slot. */
public record Reservation(String token, String minerHotkey, int slot, String tenantId, Instant expiresAt) {}
