package io.computeregister.api.allocation;

import io.computeregister.api.minerclient.DeadlineMinerClient;
import io.computeregister.api.minerclient.DendriteMinerClient;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.bittensor.dendrite.Dendrite;
import java.time.Duration;

/**
 * Timeouts and limits of the allocation path. Every miner call is bounded; the pending reservation outlives the
 * slowest possible attempt so it cannot expire while a request still works on it.
 *
 * @param maxCandidates allocate_spec tries at most this many miners (the original tried all, 100 s each,
 *                      docs/compatibility.md row 5)
 */
public record AllocationSettings(
        Duration probeTimeout,
        Duration allocateTimeout,
        Duration deallocateTimeout,
        int deallocateAttempts,
        int maxCandidates,
        SshCheck sshCheck,
        Duration sshBudget) {

    /** The original's per-action miner timeout (docs/protocol.md §2.7): restart, pause, unpause, key exchange. */
    public static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);

    public AllocationSettings {
        if (maxCandidates < 1) throw new IllegalArgumentException("maxCandidates must be >= 1, got " + maxCandidates);
        if (deallocateAttempts < 1) {
            throw new IllegalArgumentException("deallocateAttempts must be >= 1, got " + deallocateAttempts);
        }
    }

    public static AllocationSettings defaults(boolean verifySsh) {
        Duration sshBudget = Duration.ofSeconds(20);
        return new AllocationSettings(Duration.ofSeconds(12), Duration.ofSeconds(100), Duration.ofSeconds(60), 3, 3,
                verifySsh ? SshCheck.tcp(sshBudget, Duration.ofSeconds(3)) : SshCheck.OFF, sshBudget);
    }

    /** {@code client} with these settings' deadline on every call (the caller closes it). */
    public DeadlineMinerClient withDeadlines(MinerClient client) {
        return new DeadlineMinerClient(client, probeTimeout, allocateTimeout, deallocateTimeout, ACTION_TIMEOUT);
    }

    /** The dendrite client with these settings' timeouts (deallocate and actions share the deallocate timeout). */
    public DendriteMinerClient dendriteClient(Dendrite dendrite) {
        return new DendriteMinerClient(dendrite, probeTimeout, allocateTimeout, deallocateTimeout);
    }

    /**
     * The longest one allocation request can run (every candidate tried to its pending TTL): an idempotency claim
     * older than this that was never bound to an allocation belongs to a request that died, and ages out.
     */
    public Duration longestRequest() {
        return pendingTtl().multipliedBy(maxCandidates);
    }

    /** Reservation lifetime while a request works on a miner. */
    public Duration pendingTtl() {
        return probeTimeout.plus(allocateTimeout).plus(sshBudget).plus(deallocateTimeout).plusSeconds(30);
    }
}
