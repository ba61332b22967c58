package io.computeregister.api.placement;

/** One resource that does not fit: what was asked, what the miner has (same unit, named in {@code unit}). */
public record Shortfall(String reason, String resource, long requested, long available, String unit) {}
