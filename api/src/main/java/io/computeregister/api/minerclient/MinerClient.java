package io.computeregister.api.minerclient;

import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.envelope.AllocationInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How the API talks to a miner. The production implementation sends {@code Allocate} synapses through the dendrite
 * ({@link DendriteMinerClient}); callers only see these typed results, and {@link DeadlineMinerClient} bounds every
 * call. Never throw for a miner's "no": return it.
 */
public interface MinerClient {

    /**
     * {@code Allocate(checking=true, timeline, device_requirement)}: can this miner take this allocation now? An
     * original miner answers whether its one container is free (docs/protocol.md §3.2); ours whether {@code device}
     * fits beside its live allocations, and how many of them this API holds there.
     *
     * @param device the request's requirement, or null to send none (check_miner_status: "is it free at all?")
     */
    ProbeResult probe(MinerAddress miner, DeviceRequirement device, int timelineDays);

    /** {@code Allocate(checking=false, ...)}: start the container; credentials come back decrypted. */
    AllocateResult allocate(MinerAddress miner, AllocateOrder order);

    /** {@code Allocate(timeline=0, public_key=regkey)}: remove the container created with that key. */
    Confirmation deallocate(MinerAddress miner, String regkeyPem);

    /**
     * {@code Allocate(docker_change=true, docker_action)} on the container created with that key, for an allocation
     * with {@code timelineDays} left (>= 1). A client that puts a timeline on the wire must send it: an original
     * Python miner publishes {@code allocated = null} to W&amp;B after a confirmed call with {@code timeline <= 0}
     * (docs/protocol.md §3.2, docs/compatibility.md row 15).
     */
    Confirmation action(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays);

    /**
     * An action of ours whose answer carries more than a status ({@code extend}: {@code output.expires_at};
     * {@code logs}: {@code output.logs}), sent as {@link #action}. An original miner knows neither and answers
     * without {@code status} (an unknown action, docs/protocol.md §3.2): {@link ActionOutput.NotSupported}.
     */
    ActionOutput actionOutput(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays);

    /**
     * Probes many miners at once under one deadline ({@code check_miner_status}). A miner that has not answered by
     * {@code timeout} is {@link ProbeResult.Unreachable}; a miner whose probe threw is left out of the map (the
     * caller reports it as unknown). This default runs {@link #probe} on one virtual thread per miner; a dendrite
     * implementation may override it with its own fan-out.
     */
    default Map<String, ProbeResult> probeAll(List<MinerAddress> miners, int timelineDays, Duration timeout) {
        Map<String, ProbeResult> results = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Map<MinerAddress, Future<ProbeResult>> futures = new LinkedHashMap<>();
            for (MinerAddress miner : miners) futures.put(miner, executor.submit(() -> probe(miner, null, timelineDays)));
            for (var entry : futures.entrySet()) {
                String hotkey = entry.getKey().hotkey();
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    ProbeResult r = entry.getValue().get(left, TimeUnit.NANOSECONDS);
                    if (r != null) results.put(hotkey, r);
                } catch (TimeoutException e) {
                    results.put(hotkey, new ProbeResult.Unreachable("no answer within " + timeout.toMillis() + " ms"));
                } catch (ExecutionException e) {
                    // left out: the caller reports "Unknown", as the original did for an exception
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        } finally {
            executor.shutdownNow(); // stragglers past the deadline are interrupted and abandoned, never awaited
        }
        return results;
    }

    /**
     * A probe's answer. {@code held} is how many live allocations the calling API holds on the miner, as our miner
     * reports it ({@code output.held}); 0 from an original miner, which does not say.
     */
    sealed interface ProbeResult {
        /** {@code status: true}: the request fits (an original miner: its container is free). */
        record Available(int held) implements ProbeResult {}

        /** {@code status: false}: it does not fit (an original miner: a container is running, whoever's it is). */
        record Busy(int held) implements ProbeResult {}

        record Unreachable(String reason) implements ProbeResult {}
    }

    sealed interface AllocateResult {
        /**
         * @param ports ours: each extra container port's host port ({@code output.ports}, docs/compatibility.md);
         *              empty from an original miner or when none was asked
         */
        record Allocated(AllocationInfo credentials, Map<String, Integer> ports) implements AllocateResult {
            public Allocated {
                ports = ports == null ? Map.of() : Map.copyOf(ports);
            }

            public Allocated(AllocationInfo credentials) {
                this(credentials, Map.of());
            }
        }

        /** The miner answered {@code status: false}: it created nothing. */
        record Refused(String reason) implements AllocateResult {}

        /** No usable answer (timeout, transport error, undecryptable info): a container may exist. */
        record Failed(String reason) implements AllocateResult {}
    }

    /** A miner's answer to an action of ours ({@link #actionOutput}). */
    sealed interface ActionOutput {
        /** {@code status: true}, and the miner's whole {@code output}. */
        record Done(Map<String, Object> output) implements ActionOutput {}

        /** {@code status: false}: the miner did not do it (nothing changed there). */
        record Refused() implements ActionOutput {}

        /** An answer without {@code status}: a miner that does not know the action (an original Python miner). */
        record NotSupported() implements ActionOutput {}

        /** No usable answer: timeout, transport error, or no address to call. */
        record NoAnswer(String reason) implements ActionOutput {}
    }

    /** A miner's answer to deallocate or an action. */
    sealed interface Confirmation {
        /** The miner did it. */
        record Confirmed() implements Confirmation {}

        /** The miner answered, and said no (for deallocate: it holds nothing owned by that key). */
        record Denied() implements Confirmation {}

        /** No usable answer: timeout, transport error, or no address to call. */
        record NoAnswer(String reason) implements Confirmation {}

        default boolean confirmed() {
            return this instanceof Confirmed;
        }

        /** What happened, in words (logs, and the {@code detail} of an unconfirmed deallocation's reply). */
        default String detail() {
            return switch (this) {
                case Confirmed c -> "confirmed";
                case Denied d -> "miner answered status false";
                case NoAnswer n -> n.reason();
            };
        }
    }
}
