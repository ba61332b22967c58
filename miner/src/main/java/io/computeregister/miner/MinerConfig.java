package io.computeregister.miner;

import io.computeregister.miner.runtime.RuntimeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a miner process is configured with, validated once at start (the CLI builds it from its options).
 * What is specific to a runtime (an engine address, an image, host ports) is in that runtime's own settings record.
 *
 * @param runtime         where allocations run, with that runtime's own settings ({@link Runtimes} makes one by name)
 * @param axonHost        address the axon listens on
 * @param axonPort        axon port (0 = any free port, for tests)
 * @param dataDir         ledger, and whatever files the runtime keeps
 * @param allowHotkeys    callers always allowed
 * @param allowValidators also allow hotkeys with a validator permit on the metagraph (when one is configured)
 * @param anyCaller       the operator's explicit {@code --open}: accept Allocate from any hotkey. Without it a miner
 *                        with neither an allowlist nor a metagraph refuses to start ({@link Miner#start}), since
 *                        anyone could then rent the machine for free
 * @param offer           what the miner offers in total; empty = what the runtime measures
 * @param timelineUnit    length of one {@code timeline} unit: one day, as the original; shorter only for tests
 * @param expiryPeriod    how often the expiry job looks for expired allocations
 * @param volumeGrace     how long a removed allocation's volume is kept before the expiry job deletes it
 *                        ({@code --volume-grace}); zero: deleted with the allocation
 */
public record MinerConfig(
        RuntimeSettings runtime,
        String axonHost,
        int axonPort,
        Path dataDir,
        Set<String> allowHotkeys,
        boolean allowValidators,
        boolean anyCaller,
        Optional<Offer> offer,
        Duration timelineUnit,
        Duration expiryPeriod,
        Duration volumeGrace) {

    /** The integer the original sends as {@code info.version}. */
    public static final int VERSION = 1;

    public MinerConfig {
        Objects.requireNonNull(runtime, "--runtime");
        if (axonPort < 0 || axonPort > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + axonPort);
        }
        int port = axonPort;
        runtime.hostPorts().filter(p -> p.range().contains(port)).ifPresent(p -> {
            throw new IllegalArgumentException("--port " + port + " lies inside --ssh-ports " + p.range());
        });
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        allowHotkeys = Set.copyOf(allowHotkeys == null ? Set.of() : allowHotkeys);
        if (anyCaller && !allowHotkeys.isEmpty()) {
            throw new IllegalArgumentException("--open accepts any caller; it cannot be combined with --allow-hotkey");
        }
        offer = offer == null ? Optional.empty() : offer;
        if (timelineUnit == null || timelineUnit.isNegative() || timelineUnit.isZero()) {
            throw new IllegalArgumentException("timeline unit must be positive, got " + timelineUnit);
        }
        if (expiryPeriod == null || expiryPeriod.toMillis() < 100) {
            throw new IllegalArgumentException("expiry period must be at least 100 ms, got " + expiryPeriod);
        }
        volumeGrace = volumeGrace == null ? Duration.ZERO : volumeGrace;
        if (volumeGrace.isNegative()) throw new IllegalArgumentException("--volume-grace must not be negative");
    }

    /**
     * Defaults of {@code compute miner} around {@code runtime}: axon on port 8091 of all interfaces, callers with a
     * validator permit allowed (so a metagraph is a caller policy by itself), not open to any caller, one day per
     * timeline unit, an expiry round every 10 s.
     */
    public static MinerConfig defaults(Path dataDir, RuntimeSettings runtime) {
        return new MinerConfig(runtime, "0.0.0.0", 8091, dataDir, Set.of(), true, false, Optional.empty(),
                Duration.ofDays(1), Duration.ofSeconds(10), Duration.ZERO);
    }

    public MinerConfig withRuntime(RuntimeSettings runtime) {
        return new MinerConfig(runtime, axonHost, axonPort, dataDir, allowHotkeys, allowValidators, anyCaller,
                offer, timelineUnit, expiryPeriod, volumeGrace);
    }

    public MinerConfig withAxon(String axonHost, int axonPort) {
        return new MinerConfig(runtime, axonHost, axonPort, dataDir, allowHotkeys, allowValidators, anyCaller,
                offer, timelineUnit, expiryPeriod, volumeGrace);
    }

    /** Callers limited to {@code allowHotkeys} and (with {@code allowValidators}) validators on the metagraph. */
    public MinerConfig withCallers(Set<String> allowHotkeys, boolean allowValidators) {
        return new MinerConfig(runtime, axonHost, axonPort, dataDir, allowHotkeys, allowValidators, false, offer,
                timelineUnit, expiryPeriod, volumeGrace);
    }

    /** {@code --open}: any hotkey may call (the miner warns at start); refused beside an allowlist. */
    public MinerConfig withAnyCaller() {
        return new MinerConfig(runtime, axonHost, axonPort, dataDir, allowHotkeys, allowValidators, true, offer,
                timelineUnit, expiryPeriod, volumeGrace);
    }

    public MinerConfig withOffer(Offer offer) {
        return new MinerConfig(runtime, axonHost, axonPort, dataDir, allowHotkeys, allowValidators, anyCaller,
                Optional.of(offer), timelineUnit, expiryPeriod, volumeGrace);
    }

    /** Removed allocations' volumes kept this long before the expiry job deletes them. */
    public MinerConfig withVolumeGrace(Duration grace) {
        return new MinerConfig(runtime, axonHost, axonPort, dataDir, allowHotkeys, allowValidators, anyCaller,
                offer, timelineUnit, expiryPeriod, grace);
    }

    public MinerConfig withTiming(Duration timelineUnit, Duration expiryPeriod) {
        return new MinerConfig(runtime, axonHost, axonPort, dataDir, allowHotkeys, allowValidators, anyCaller,
                offer, timelineUnit, expiryPeriod, volumeGrace);
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
