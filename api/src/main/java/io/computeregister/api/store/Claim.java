package io.computeregister.api.store;

/**
 * The share of a miner one allocation takes, on a miner that offers capacity: cores, memory and disk in bytes, GPUs
 * (cards) and host ports (one for SSH plus one per extra container port).
 */
public record Claim(int cpus, long memoryBytes, long diskBytes, int gpus, int ports) {

    public Claim {
        if (cpus < 0 || memoryBytes < 0 || diskBytes < 0 || gpus < 0 || ports < 0) {
            throw new IllegalArgumentException("a claim takes nothing negative: " + this);
        }
    }
}
