package io.computeregister.api.jobs;

import java.time.Duration;

/**
 * One named background task. Jobs of the same {@code lane} never run at the same time (one thread per lane): the
 * miner-facing jobs share a lane because they share one dendrite, whose calls to one axon must not overtake each
 * other (the axon refuses a nonce older than the last one it accepted).
 *
 * @param leaderOnly true for work that must happen once per cluster (everything touching miners or webhooks); false
 *                   for per-replica housekeeping such as reloading the placement index
 */
public record Job(String name, String lane, Duration period, boolean leaderOnly, Runnable body) {

    public Job {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("job name is empty");
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("job " + name + ": period must be positive, got " + period);
        }
    }
}
