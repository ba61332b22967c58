package io.computeregister.miner;

import io.computeregister.miner.runtime.PortRange;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a miner process is configured with, validated once at start (the CLI builds it from its options).
 *
 * @param runtime         "docker" or "sandbox"
 * @param dockerHost      the Docker engine address (docker runtime only)
 * @param image           the image allocations run (docker runtime only)
 * @param axonHost        address the axon listens on
 * @param axonPort        axon port (0 = any free port, for tests)
 * @param sshPorts        host ports allocation SSH servers are published on
 * @param sshHost         address allocation SSH servers are published on
 * @param dataDir         ledger, sandbox directories
 * @param allowHotkeys    callers always allowed
 * @param allowValidators also allow hotkeys with a validator permit on the metagraph (when one is configured)
 * @param offer           what the miner offers in total; empty = measured by the specs probe
 * @param timelineUnit    length of one {@code timeline} unit: one day, as the original; shorter only for tests
 * @param expiryPeriod    how often the expiry job looks for expired allocations
 */
public record MinerConfig(
        String runtime,
        String dockerHost,
        String image,
        String axonHost,
        int axonPort,
        PortRange sshPorts,
        String sshHost,
        Path dataDir,
        Set<String> allowHotkeys,
        boolean allowValidators,
        Optional<Offer> offer,
        Duration timelineUnit,
        Duration expiryPeriod) {

    /** The integer the original sends as {@code info.version}. */
    public static final int VERSION = 1;

    public MinerConfig {
        if (!"docker".equals(runtime) && !"sandbox".equals(runtime)) {
            throw new IllegalArgumentException("--runtime must be docker or sandbox, got '" + runtime + "'");
        }
        if (axonPort < 0 || axonPort > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + axonPort);
        }
        Objects.requireNonNull(sshPorts, "--ssh-ports");
        if (sshPorts.contains(axonPort)) {
            throw new IllegalArgumentException("--port " + axonPort + " lies inside --ssh-ports " + sshPorts);
        }
        if (sshHost == null || sshHost.isBlank()) {
            throw new IllegalArgumentException("--ssh-host is empty; expected an address such as 0.0.0.0");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        if ("docker".equals(runtime) && (image == null || image.isBlank())) {
            throw new IllegalArgumentException("--image is required with --runtime docker");
        }
        allowHotkeys = Set.copyOf(allowHotkeys == null ? Set.of() : allowHotkeys);
        offer = offer == null ? Optional.empty() : offer;
        if (timelineUnit == null || timelineUnit.isNegative() || timelineUnit.isZero()) {
            throw new IllegalArgumentException("timeline unit must be positive, got " + timelineUnit);
        }
        if (expiryPeriod == null || expiryPeriod.toMillis() < 100) {
            throw new IllegalArgumentException("expiry period must be at least 100 ms, got " + expiryPeriod);
        }
    }

    /** Defaults of {@code compute miner}: docker, port 8091, SSH on 40000-40099 of all interfaces, one day per unit. */
    public static MinerConfig defaults(Path dataDir) {
        return new MinerConfig("docker", null, "compute-register/ssh-test:latest", "0.0.0.0", 8091,
                new PortRange(40000, 40099), "0.0.0.0", dataDir, Set.of(), true, Optional.empty(), Duration.ofDays(1),
                Duration.ofSeconds(10));
    }

    public MinerConfig withRuntime(String name) {
        return new MinerConfig(name, dockerHost, image, axonHost, axonPort, sshPorts, sshHost, dataDir, allowHotkeys,
                allowValidators, offer, timelineUnit, expiryPeriod);
    }

    public MinerConfig withNetwork(String axonHost, int axonPort, PortRange sshPorts, String sshHost) {
        return new MinerConfig(runtime, dockerHost, image, axonHost, axonPort, sshPorts, sshHost, dataDir,
                allowHotkeys, allowValidators, offer, timelineUnit, expiryPeriod);
    }

    public MinerConfig withImage(String dockerHost, String image) {
        return new MinerConfig(runtime, dockerHost, image, axonHost, axonPort, sshPorts, sshHost, dataDir,
                allowHotkeys, allowValidators, offer, timelineUnit, expiryPeriod);
    }

    public MinerConfig withCallers(Set<String> allowHotkeys, boolean allowValidators) {
        return new MinerConfig(runtime, dockerHost, image, axonHost, axonPort, sshPorts, sshHost, dataDir,
                allowHotkeys, allowValidators, offer, timelineUnit, expiryPeriod);
    }

    public MinerConfig withOffer(Offer offer) {
        return new MinerConfig(runtime, dockerHost, image, axonHost, axonPort, sshPorts, sshHost, dataDir,
                allowHotkeys, allowValidators, Optional.of(offer), timelineUnit, expiryPeriod);
    }

    public MinerConfig withTiming(Duration timelineUnit, Duration expiryPeriod) {
        return new MinerConfig(runtime, dockerHost, image, axonHost, axonPort, sshPorts, sshHost, dataDir,
                allowHotkeys, allowValidators, offer, timelineUnit, expiryPeriod);
    }

    /**
     * What the operator offers to renters in total (instead of the whole measured machine).
     *
     * @param cpus        cores
     * @param memoryBytes bytes of memory
     * @param gpus        GPUs
     */
    public record Offer(double cpus, long memoryBytes, int gpus) {
        public Offer {
            if (!(cpus > 0) || memoryBytes <= 0 || gpus < 0) {
                throw new IllegalArgumentException("offered cpus and memory must be > 0 and gpus >= 0, got cpus="
                        + cpus + " memory=" + memoryBytes + " gpus=" + gpus);
            }
        }
    }
}
