package io.computeregister.api.allocation;

/** Where a miner's axon listens (from the metagraph). */
public record MinerAddress(String hotkey, String ip, int port) {}
