package io.computeregister.miner.runtime;

import java.util.List;

/**
 * Where a renter's machine actually runs. Two real implementations: {@code docker} (production, one container per
 * allocation) and {@code sandbox} (an embedded SSH server per allocation, for machines without a Docker engine); each
 * is opened by its own {@link RuntimeSettings}.
 *
 * <p>The runtime owns what is specific to it: its {@link Site} (the hardware it rents out, from which the miner's
 * capacity model is derived, and where renters reach allocations) and the machines themselves. Accounting of what fits
 * (CPU, memory, GPUs, endpoints) is the miner's ledger's job: the runtime applies the limits it is given.
 *
 * <p>Every operation names the allocation it acts on; a runtime never touches an allocation it was not asked about,
 * and never one it did not create (see {@link #list()}). Methods throw {@link RuntimeFailure} with a message fit for a
 * log line (never a password or private key).
 */
public interface ContainerRuntime extends AutoCloseable {

    /** Its name in the registry ({@link RuntimeSettings#runtimeName()}); printed by the miner at start. */
    String name();

    /** Where its machines run: what there is to rent, and the endpoints renters reach allocations at. */
    Site site();

    /**
     * Starts the allocation on the endpoint reserved for it ({@code spec.sshHost()}:{@code spec.sshPort()}) and returns
     * once its SSH server answers there (or throws). The password and the renter's public key are installed without
     * passing through a shell string.
     *
     * @return where the renter logs in and as whom: what the miner reports to the renter
     */
    Started start(RuntimeSpec spec);

    /** Restarts the allocation's machine; SSH comes back with the same credentials and keys. */
    void restart(String allocationId);

    /** Freezes every process of the allocation (SSH stops answering) without losing state. */
    void pause(String allocationId);

    void unpause(String allocationId);

    /**
     * Replaces one authorized key. The original keeps two lines in {@code authorized_keys}: line 1 the renter's
     * ("user") key, line 2 the "terminal" key; {@code slot} selects which one is replaced, the other is kept.
     */
    void replaceKey(String allocationId, KeySlot slot, String publicKey);

    /** Stops and removes the allocation and its volume. Removing an allocation that does not exist is not an error. */
    void remove(String allocationId);

    /**
     * The operator's image catalog by name, the default first ({@code compute miner --image NAME=REF ...}): what the
     * {@code Specs} answer lists and a renter picks through {@code docker_requirement.base_image}.
     */
    default List<String> images() {
        return List.of();
    }

    /**
     * The image reference for a renter's {@code base_image}: "" and the original's default "ubuntu" are the default
     * image (old clients keep working); a catalog name is its image.
     *
     * @return null for a runtime without a catalog (it runs its own)
     * @throws IllegalArgumentException naming {@code docker_requirement.base_image} and listing the catalog
     */
    default String image(String baseImage) {
        return null;
    }

    /** At most this many bytes of logs are answered (the last ones, cut at a line start). */
    int MAX_LOG_BYTES = 1 << 20;

    /**
     * The allocation's last {@code tail} lines of output (stdout and stderr, UTF-8), at most {@link #MAX_LOG_BYTES}.
     * A runtime that keeps none answers "" (the sandbox: its sessions' output goes to their SSH clients only).
     */
    default String logs(String allocationId, int tail) {
        return "";
    }

    /** State of one allocation as the runtime sees it now. */
    State state(String allocationId);

    /** The allocations this runtime created that still exist (running, paused or stopped), for reconciliation. */
    List<String> list();

    /**
     * Allocations for which this runtime keeps something but no machine: what a start or removal cut short left
     * behind (docker: a network or a derived image of a miner that died mid-build). {@link #remove} removes it. For
     * reconciliation; none by default.
     */
    default List<String> leftovers() {
        return List.of();
    }

    /** Releases runtime resources (clients, servers); allocations themselves are left as they are. */
    @Override
    void close();

    enum KeySlot {
        USER,
        TERMINAL;

        /** The original's {@code docker_action.key_type} values: "user" and "terminal". */
        public static KeySlot fromWire(String keyType) {
            if (keyType == null) {
                throw new IllegalArgumentException("key_type is required (user or terminal)");
            }
            return switch (keyType.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "user" -> USER;
                case "terminal" -> TERMINAL;
                default -> throw new IllegalArgumentException("key_type must be user or terminal, got '" + keyType + "'");
            };
        }
    }

    enum State {
        RUNNING,
        PAUSED,
        STOPPED,
        MISSING
    }

    /**
     * What {@link #start} returns: where the renter logs in. {@code sshPort} is the port of the endpoint reserved for
     * the allocation (the ledger recorded it at admission); {@code username} is the login the runtime set up.
     */
    record Started(String allocationId, String sshHost, int sshPort, String username) {}

    /** A runtime operation that failed; the message names the allocation and what went wrong. */
    final class RuntimeFailure extends RuntimeException {
        public RuntimeFailure(String message) {
            super(message);
        }

        public RuntimeFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
