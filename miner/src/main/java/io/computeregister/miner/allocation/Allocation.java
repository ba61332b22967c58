package io.computeregister.miner.allocation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One allocation in the miner's ledger.
 *
 * @param id              UUID
 * @param renterPublicKey the RSA PEM exactly as the API sent it in {@code Allocate.public_key}; deallocation compares
 *                        it (after trimming) like the original's {@code ./allocation_key} check
 * @param sshPort         host port of the allocation's SSH server
 * @param cpus            cores reserved (fractional allowed)
 * @param memoryBytes     memory reserved
 * @param gpus            GPUs reserved
 * @param createdAt       when it was recorded
 * @param expiresAt       when the expiry job removes it
 * @param state           active, paused or removed
 * @param runtime         the name of the runtime that runs it ({@code RuntimeSettings.runtimeName()})
 * @param gpuIds          the device indices of the GPUs it holds ({@code gpus} of them), ascending; empty for none,
 *                        and for a row written before GPUs were held by index (then only their count is known)
 * @param callerHotkey    the SS58 hotkey of the dendrite that asked for it (the register API, a validator), so a probe
 *                        can tell a caller how many allocations it holds here; "" for a row written before it was kept
 */
public record Allocation(
        String id,
        String renterPublicKey,
        int sshPort,
        double cpus,
        long memoryBytes,
        int gpus,
        Instant createdAt,
        Instant expiresAt,
        State state,
        String runtime,
        List<Integer> gpuIds,
        String callerHotkey) {

    public enum State {
        ACTIVE,
        PAUSED,
        REMOVED;

        /** Whether the allocation still holds its resources and port. */
        public boolean live() {
            return this != REMOVED;
        }

        String column() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State fromColumn(String value) {
            return State.valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public Allocation {
        if (id == null) {
            throw new IllegalArgumentException("allocation id is required");
        }
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allocation id must be a UUID, got '" + id + "'");
        }
        if (renterPublicKey == null || renterPublicKey.isBlank()) {
            throw new IllegalArgumentException("renter public_key is required");
        }
        if (sshPort < 1 || sshPort > 65535) {
            throw new IllegalArgumentException("ssh port must be 1-65535, got " + sshPort);
        }
        // What it holds obeys the rules of what may be requested; the request checks them (one place for the rules).
        new ResourceRequest(cpus, memoryBytes, gpus);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiry " + expiresAt + " must be after creation " + createdAt);
        }
        Objects.requireNonNull(state, "state");
        if (runtime == null || runtime.isBlank()) {
            throw new IllegalArgumentException("runtime name is required");
        }
        gpuIds = gpuIds == null ? List.of() : List.copyOf(new TreeSet<>(gpuIds));
        if (!gpuIds.isEmpty() && (gpuIds.size() != gpus || gpuIds.getFirst() < 0)) {
            throw new IllegalArgumentException("gpuIds " + gpuIds + " must be " + gpus + " distinct indices >= 0");
        }
        callerHotkey = callerHotkey == null ? "" : callerHotkey.strip();
    }

    /** Without GPU indices (none held, or a row from before they were recorded) and without a known caller. */
    public Allocation(String id, String renterPublicKey, int sshPort, double cpus, long memoryBytes, int gpus,
                      Instant createdAt, Instant expiresAt, State state, String runtime) {
        this(id, renterPublicKey, sshPort, cpus, memoryBytes, gpus, createdAt, expiresAt, state, runtime, List.of(),
                "");
    }

    /** A new active allocation asked for by {@code callerHotkey}. */
    public static Allocation active(String id, String renterPublicKey, int sshPort, ResourceRequest resources,
            Instant createdAt, Instant expiresAt, String runtime, String callerHotkey) {
        return new Allocation(id, renterPublicKey, sshPort, resources.cpus(), resources.memoryBytes(),
                resources.gpus(), createdAt, expiresAt, State.ACTIVE, runtime, List.of(), callerHotkey);
    }

    public ResourceRequest resources() {
        return new ResourceRequest(cpus, memoryBytes, gpus);
    }

    /** The original's check: the key sent with a deallocation equals the stored one after trimming whitespace. */
    public boolean ownedBy(String publicKey) {
        return publicKey != null && publicKey.strip().equals(renterPublicKey.strip());
    }

    public Allocation withState(State newState) {
        return new Allocation(id, renterPublicKey, sshPort, cpus, memoryBytes, gpus, createdAt, expiresAt, newState,
                runtime, gpuIds, callerHotkey);
    }

    /** The same allocation holding exactly the GPUs {@code ids}. */
    public Allocation withGpus(List<Integer> ids) {
        return new Allocation(id, renterPublicKey, sshPort, cpus, memoryBytes, ids.size(), createdAt, expiresAt, state,
                runtime, ids, callerHotkey);
    }

    /** Short form for logs: the public key is long and says nothing useful there. */
    @Override
    public String toString() {
        return "Allocation[" + id + " " + state.column() + " port=" + sshPort + " cpus=" + cpus + " memory="
                + memoryBytes + " gpus=" + (gpuIds.isEmpty() ? Integer.toString(gpus) : gpuIds.toString())
                + " expires=" + expiresAt + " runtime=" + runtime + "]";
    }
}
