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
