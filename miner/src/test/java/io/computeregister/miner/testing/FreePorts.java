package io.computeregister.miner.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Runs of free loopback ports for tests that start miners (SSH ranges, axon ports); shared through the test-jar. */
public final class FreePorts {

    private FreePorts() {}

    /**
     * The first of {@code size} consecutive ports that could all be bound just now. Chosen at random below Linux's
     * ephemeral range (32768 and up), so outgoing connections made meanwhile cannot land on them; bound and released,
     * so another process could still take one in between: good enough on a test machine's loopback.
     */
    public static int block(int size) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int first = 20000 + ThreadLocalRandom.current().nextInt(12000 - size);
            boolean free = true;
            for (int p = first; p < first + size && free; p++) {
                try (ServerSocket s = new ServerSocket(p)) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) return first;
        }
        throw new IllegalStateException("no block of " + size + " free ports between 20000 and 32000");
    }
}
