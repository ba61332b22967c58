package io.computeregister.miner.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a runtime needs to start one allocation. Limits are already checked against the host by the caller.
 *
 * @param allocationId  unique id (a UUID string); containers and directories are named after it
 * @param image         image to run, or null for the runtime's configured one (the operator's {@code --image});
 *                      ignored by the sandbox
 * @param cpus          CPU limit in cores (fractional allowed); 0 = no limit
 * @param memoryBytes   memory limit; 0 = no limit
 * @param pidsLimit     max processes; 0 = no limit
 * @param gpuIds        device indices of the GPUs to attach (exactly these cards); empty for none
 * @param sshPort       port on which SSH is published: the endpoint the caller reserved from the runtime's
 *                      {@link Endpoints}
 * @param sshHost       address SSH is published on (e.g. 0.0.0.0 or 127.0.0.1), from the same endpoint
 * @param username      login name (the original always uses root)
 * @param password      login password (secret: never log it)
 * @param userKey       renter's OpenSSH public key line, or empty
 * @param volumeDir     per-allocation directory mounted into the machine, or null for none
 * @param dockerfile    extra build step text from the request (the original's {@code docker_requirement.dockerfile}), or empty
 * @param volumePath    where {@code volumeDir} appears inside the machine (the renter's
 *                      {@code docker_requirement.volume_path}); null: the runtime's own place
 * @param extraPorts    container ports to publish besides SSH, each on the host port reserved for it (container port
 *                      to host port, on {@code sshHost}); empty for none
 */
public record RuntimeSpec(
        String allocationId,
        String image,
        double cpus,
        long memoryBytes,
        long pidsLimit,
        List<Integer> gpuIds,
        int sshPort,
        String sshHost,
        String username,
        String password,
        String userKey,
        Path volumeDir,
        String dockerfile,
        String volumePath,
        Map<Integer, Integer> extraPorts) {

    /** With the volume, if any, at the runtime's own place. */
    public RuntimeSpec(String allocationId, String image, double cpus, long memoryBytes, long pidsLimit,
                       List<Integer> gpuIds, int sshPort, String sshHost, String username, String password,
                       String userKey, Path volumeDir, String dockerfile) {
        this(allocationId, image, cpus, memoryBytes, pidsLimit, gpuIds, sshPort, sshHost, username, password, userKey,
                volumeDir, dockerfile, null, Map.of());
    }

    public RuntimeSpec {
        Objects.requireNonNull(allocationId, "allocationId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        gpuIds = gpuIds == null ? List.of() : List.copyOf(gpuIds);
        userKey = userKey == null ? "" : userKey.strip();
        dockerfile = dockerfile == null ? "" : dockerfile;
        extraPorts = extraPorts == null ? Map.of() : Map.copyOf(extraPorts);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "RuntimeSpec[" + allocationId + " image=" + image + " cpus=" + cpus + " memoryBytes=" + memoryBytes
                + " pids=" + pidsLimit + " gpus=" + gpuIds + " ssh=" + sshHost + ":" + sshPort + " user=" + username
                + " key=" + (userKey.isEmpty() ? "none" : "set") + " volume=" + volumeDir + "]";
    }
}
