package io.computeregister.api.store;

import java.time.Instant;
import java.util.Map;

/**
 * One allocation. {@code sshPassword} is plaintext in memory only; {@link JdbiStore} encrypts it at rest.
 * {@code regkey} is the RSA public key PEM sent to the miner, needed verbatim to deallocate (docs/protocol.md §4).
 * {@code paused}: the renter paused the container (pause_docker) and has not unpaused or restarted it since.
 * {@code taken}: what it holds of its miner (our miner: its share; an original miner: the whole machine), for usage;
 * null when unknown (allocations made before it was recorded). {@code ports}: each extra container port's host port
 * ({"8888": 42011}), empty for none.
 */
public record AllocationRecord(
        String uuid,
        String minerHotkey,
        String tenantId,
        AllocationState state,
        String resource,
        String sshHost,
        int sshPort,
        String sshUsername,
        String sshPassword,
        String sshKey,
        String regkey,
        int minerVersion,
        int timelineDays,
        Instant createdAt,
        Instant expiresAt,
        Instant endedAt,
        boolean paused,
        Claim taken,
        Map<String, Integer> ports) {

    public AllocationRecord {
        ports = ports == null ? Map.of() : Map.copyOf(ports);
    }

    /** Without extra ports. */
    public AllocationRecord(String uuid, String minerHotkey, String tenantId, AllocationState state, String resource,
                            String sshHost, int sshPort, String sshUsername, String sshPassword, String sshKey,
                            String regkey, int minerVersion, int timelineDays, Instant createdAt, Instant expiresAt,
                            Instant endedAt, boolean paused, Claim taken) {
        this(uuid, minerHotkey, tenantId, state, resource, sshHost, sshPort, sshUsername, sshPassword, sshKey, regkey,
                minerVersion, timelineDays, createdAt, expiresAt, endedAt, paused, taken, Map.of());
    }

    /** Without what it takes (unknown). */
    public AllocationRecord(String uuid, String minerHotkey, String tenantId, AllocationState state, String resource,
                            String sshHost, int sshPort, String sshUsername, String sshPassword, String sshKey,
                            String regkey, int minerVersion, int timelineDays, Instant createdAt, Instant expiresAt,
                            Instant endedAt, boolean paused) {
        this(uuid, minerHotkey, tenantId, state, resource, sshHost, sshPort, sshUsername, sshPassword, sshKey, regkey,
                minerVersion, timelineDays, createdAt, expiresAt, endedAt, paused, null, Map.of());
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "AllocationRecord[uuid=" + uuid + ", miner=" + minerHotkey + ", tenant=" + tenantId + ", state=" + state
                + ", ssh=" + sshUsername + "@" + sshHost + ":" + sshPort + ", expiresAt=" + expiresAt + "]";
    }
}
