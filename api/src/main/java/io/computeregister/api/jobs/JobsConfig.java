package io.computeregister.api.jobs;

import java.time.Duration;

/**
 * Periods and thresholds of the background jobs. With the defaults a miner that stops answering is marked down after
 * 3 missed probes 20 s apart: at most about 3 × (20 s + 2 s jitter) + 10 s probe timeout = 76 s after it died,
 * inside the 90 s the issue asks for (the original needed up to an hour).
 *
 * @param healthPeriod      time between health rounds (every allocated miner probed, concurrently)
 * @param healthMisses      consecutive unanswered probes before an allocation is reported down
 * @param probeTimeout      bound on one ownership probe
 * @param expiryPeriod      time between lease-expiry rounds
 * @param reconcilePeriod   time between reconciliation rounds
 * @param deliveryPeriod    time between webhook delivery rounds
 * @param webhookTimeout    bound on one webhook POST
 * @param backoffBase       first retry delay of a failed webhook delivery (doubles each attempt)
 * @param backoffCap        longest retry delay
 * @param giveUpAfter       a delivery still failing this long after its event is given up (and the next one of its
 *                          allocation may go)
 * @param indexReloadPeriod how often each replica reloads its placement index from the store
 * @param leaderCheck       how often a replica tries to become leader (PostgreSQL), and the leader checks its lock
 */
public record JobsConfig(
        Duration healthPeriod,
        int healthMisses,
        Duration probeTimeout,
        Duration expiryPeriod,
        Duration reconcilePeriod,
        Duration deliveryPeriod,
        Duration webhookTimeout,
        Duration backoffBase,
        Duration backoffCap,
        Duration giveUpAfter,
        Duration indexReloadPeriod,
        Duration leaderCheck) {

    public JobsConfig {
        positive("--health-period", healthPeriod);
        if (healthMisses < 1) throw new IllegalArgumentException("--health-misses must be at least 1, got " + healthMisses);
        positive("probe timeout", probeTimeout);
        positive("--expiry-period", expiryPeriod);
        positive("reconcile period", reconcilePeriod);
        positive("delivery period", deliveryPeriod);
        positive("webhook timeout", webhookTimeout);
        positive("backoff base", backoffBase);
        positive("backoff cap", backoffCap);
        positive("give-up age", giveUpAfter);
        positive("index reload period", indexReloadPeriod);
        positive("leader check period", leaderCheck);
        if (backoffCap.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("backoff cap " + backoffCap + " is below the base " + backoffBase);
        }
    }

    public static JobsConfig defaults() {
        return new JobsConfig(Duration.ofSeconds(20), 3, Duration.ofSeconds(10), Duration.ofMinutes(1),
                Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(2),
                Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    public JobsConfig withHealth(Duration period, int misses) {
        return new JobsConfig(period, misses, probeTimeout, expiryPeriod, reconcilePeriod, deliveryPeriod,
                webhookTimeout, backoffBase, backoffCap, giveUpAfter, indexReloadPeriod, leaderCheck);
    }

    public JobsConfig withProbeTimeout(Duration timeout) {
        return new JobsConfig(healthPeriod, healthMisses, timeout, expiryPeriod, reconcilePeriod, deliveryPeriod,
                webhookTimeout, backoffBase, backoffCap, giveUpAfter, indexReloadPeriod, leaderCheck);
    }

    public JobsConfig withExpiry(Duration period) {
        return new JobsConfig(healthPeriod, healthMisses, probeTimeout, period, reconcilePeriod, deliveryPeriod,
                webhookTimeout, backoffBase, backoffCap, giveUpAfter, indexReloadPeriod, leaderCheck);
    }

    public JobsConfig withReconcile(Duration period) {
        return new JobsConfig(healthPeriod, healthMisses, probeTimeout, expiryPeriod, period, deliveryPeriod,
                webhookTimeout, backoffBase, backoffCap, giveUpAfter, indexReloadPeriod, leaderCheck);
    }

    public JobsConfig withBackoff(Duration base, Duration cap) {
        return new JobsConfig(healthPeriod, healthMisses, probeTimeout, expiryPeriod, reconcilePeriod, deliveryPeriod,
                webhookTimeout, base, cap, giveUpAfter, indexReloadPeriod, leaderCheck);
    }

    public JobsConfig withLeaderCheck(Duration every) {
        return new JobsConfig(healthPeriod, healthMisses, probeTimeout, expiryPeriod, reconcilePeriod, deliveryPeriod,
                webhookTimeout, backoffBase, backoffCap, giveUpAfter, indexReloadPeriod, every);
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
