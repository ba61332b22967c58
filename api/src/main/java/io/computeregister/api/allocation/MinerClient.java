package io.computeregister.api.allocation;

import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.envelope.AllocationInfo;

/**
 * How the API talks to a miner. The production implementation sends {@code Allocate} synapses through the dendrite
 * (bittensor module); the allocation service only sees these typed results. Implementations bound their own network
 * timeouts; the service additionally enforces a deadline per call. Never throw for a miner's "no": return it.
 */
public interface MinerClient {

    /** {@code Allocate(checking=true, timeline)}: can this miner take an allocation now? */
    ProbeResult probe(MinerAddress miner, int timelineDays);

    /** {@code Allocate(checking=false, ...)}: start the container; credentials come back decrypted. */
    AllocateResult allocate(MinerAddress miner, AllocateOrder order);

    /** {@code Allocate(timeline=0, public_key=regkey)}: remove the container created with that key. */
    Confirmation deallocate(MinerAddress miner, String regkeyPem);

    /** {@code Allocate(docker_change=true, docker_action)} on the container created with that key. */
    Confirmation action(MinerAddress miner, String regkeyPem, DockerAction action);

    /**
     * {@link #action(MinerAddress, String, DockerAction)} for an allocation with {@code timelineDays} left (>= 1). A
     * client that puts a timeline on the wire must override this and send it: an original Python miner publishes
     * {@code allocated = null} to W&B after a confirmed call with {@code timeline <= 0} (reference §3.2, §8 row 15).
     * The default ignores the timeline, for clients (fakes) that have no wire.
     */
    default Confirmation action(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays) {
        return action(miner, regkeyPem, action);
    }

    /**
     * Probes many miners at once under one deadline ({@code check_miner_status}). A miner that has not answered by
     * {@code timeout} is {@link ProbeResult.Unreachable}; a miner whose probe threw is left out of the map (the
     * caller reports it as unknown). This default runs {@link #probe} on one virtual thread per miner; a dendrite
     * implementation may override it with its own fan-out.
     */
    default java.util.Map<String, ProbeResult> probeAll(java.util.List<MinerAddress> miners, int timelineDays,
                                                        java.time.Duration timeout) {
        java.util.Map<String, ProbeResult> results = new java.util.concurrent.ConcurrentHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        try {
            java.util.Map<MinerAddress, java.util.concurrent.Future<ProbeResult>> futures = new java.util.LinkedHashMap<>();
            for (MinerAddress miner : miners) futures.put(miner, executor.submit(() -> probe(miner, timelineDays)));
            for (var entry : futures.entrySet()) {
                String hotkey = entry.getKey().hotkey();
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    ProbeResult r = entry.getValue().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
                    if (r != null) results.put(hotkey, r);
                } catch (java.util.concurrent.TimeoutException e) {
                    results.put(hotkey, new ProbeResult.Unreachable("no answer within " + timeout.toMillis() + " ms"));
                } catch (java.util.concurrent.ExecutionException e) {
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

    sealed interface ProbeResult {
        record Available() implements ProbeResult {}

        /** The miner reports a running container (someone else's, or one we do not know about). */
        record Busy() implements ProbeResult {}

        record Unreachable(String reason) implements ProbeResult {}
    }

    sealed interface AllocateResult {
        record Allocated(AllocationInfo credentials) implements AllocateResult {}

        /** The miner answered {@code status: false}: it created nothing. */
        record Refused(String reason) implements AllocateResult {}

        /** No usable answer (timeout, transport error, undecryptable info): a container may exist. */
        record Failed(String reason) implements AllocateResult {}
    }

    /** A miner's yes/no to deallocate or an action, with a reason when no. */
    record Confirmation(boolean confirmed, String detail) {
        /** The detail of a miner's explicit {@code status: false} (as opposed to no answer at all). */
        public static final String DENIED = "miner answered status false";

        /** The miner answered, and said no (for deallocate: it holds nothing owned by that key). */
        public static Confirmation denied() {
            return new Confirmation(false, DENIED);
        }

        public boolean isDenied() {
            return !confirmed && DENIED.equals(detail);
        }

        public static Confirmation yes() {
            return new Confirmation(true, "confirmed");
        }

        public static Confirmation no(String detail) {
            return new Confirmation(false, detail);
        }
    }
}
