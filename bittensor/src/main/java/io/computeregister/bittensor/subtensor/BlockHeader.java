package io.computeregister.bittensor.subtensor;

/** The part of a {@code chain_getHeader} answer we use. */
public record BlockHeader(long number, String parentHash) {}
