package io.computeregister.protocol.allocate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code Allocate.docker_requirement} (docs/protocol.md §9.2). The synapse's default is {@code {"base_image": "ubuntu",
 * "ssh_key": "", "ssh_port": 4444, "volume_path": "/tmp", "dockerfile": ""}}; the original API's request model has no
 * {@code ssh_port}, so what it sends with an allocation lacks the key ({@link #ofRequest}).
 *
 * @param baseImage  ignored by the original miner (it always runs its own image); ours too: the operator picks it
 * @param sshKey     the renter's OpenSSH public key line, or ""
 * @param sshPort    overwritten by the original miner with its own port; informational. Null: not on the wire (the
 *                   API's request)
 * @param volumePath ignored by the original
 * @param dockerfile extra build step text, or ""
 * @param ports      ours: container ports the renter wants published besides SSH (distinct, 1-65535, at most
 *                   {@value #MAX_PORTS}); our miner maps each to a host port and answers them in {@code output.ports};
 *                   the original ignores the field. Empty: none, and the key is not sent.
 */
public record DockerRequirement(String baseImage, String sshKey, Integer sshPort, String volumePath,
                                String dockerfile, List<Integer> ports) {

    /** At most this many extra ports per allocation. */
    public static final int MAX_PORTS = 8;

    public DockerRequirement {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }

    /** Without extra ports (what the original knows). */
    public DockerRequirement(String baseImage, String sshKey, Integer sshPort, String volumePath, String dockerfile) {
        this(baseImage, sshKey, sshPort, volumePath, dockerfile, List.of());
    }

    public static DockerRequirement defaults() {
        return new DockerRequirement("ubuntu", "", 4444, "/tmp", "");
    }

    /** What the API sends: the renter's request (docs/protocol.md §9.2), without {@code ssh_port}. */
    public static DockerRequirement ofRequest(String baseImage, String sshKey, String volumePath, String dockerfile) {
        return new DockerRequirement(baseImage, sshKey, null, volumePath, dockerfile);
    }

    /** The request a renter gets when it sends no docker requirement: the defaults, without {@code ssh_port}. */
    public static DockerRequirement requestDefaults() {
        DockerRequirement d = defaults();
        return ofRequest(d.baseImage, d.sshKey, d.volumePath, d.dockerfile);
    }

    public static DockerRequirement fromWire(Map<String, Object> wire) {
        DockerRequirement d = defaults();
        return new DockerRequirement(
                WireValues.text(wire, "base_image", d.baseImage),
                WireValues.text(wire, "ssh_key", d.sshKey),
                (int) WireValues.number(wire, "ssh_port", "docker_requirement.ssh_port", d.sshPort),
                WireValues.text(wire, "volume_path", d.volumePath),
                WireValues.text(wire, "dockerfile", d.dockerfile),
                ports(wire == null ? null : wire.get("ports")));
    }

    /**
     * {@code ports} as sent: absent or null = none; else a JSON array of distinct integers 1-65535, at most
     * {@value #MAX_PORTS}.
     *
     * @throws IllegalArgumentException naming {@code docker_requirement.ports} and what is wrong
     */
    public static List<Integer> ports(Object wire) {
        if (wire == null) return List.of();
        if (!(wire instanceof List<?> list)) {
            throw new IllegalArgumentException("docker_requirement.ports must be a JSON array of port numbers");
        }
        if (list.size() > MAX_PORTS) {
            throw new IllegalArgumentException("docker_requirement.ports: at most " + MAX_PORTS + " ports, got "
                    + list.size());
        }
        LinkedHashSet<Integer> seen = new LinkedHashSet<>();
        for (Object v : list) {
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                    || n.doubleValue() < 1 || n.doubleValue() > 65535) {
                throw new IllegalArgumentException("docker_requirement.ports: " + v
                        + " is not a port number (an integer 1-65535)");
            }
            if (!seen.add(n.intValue())) {
                throw new IllegalArgumentException("docker_requirement.ports: " + n.intValue() + " is asked twice");
            }
        }
        return new ArrayList<>(seen);
    }

    public DockerRequirement withSshKey(String key) {
        return new DockerRequirement(baseImage, key, sshPort, volumePath, dockerfile, ports);
    }

    public DockerRequirement withPorts(List<Integer> extraPorts) {
        return new DockerRequirement(baseImage, sshKey, sshPort, volumePath, dockerfile, extraPorts);
    }

    /** The wire dict; {@code ssh_port} only when set, {@code ports} only when some are asked. */
    public Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("base_image", baseImage);
        out.put("ssh_key", sshKey);
        if (sshPort != null) out.put("ssh_port", sshPort);
        out.put("volume_path", volumePath);
        out.put("dockerfile", dockerfile);
        if (!ports.isEmpty()) out.put("ports", ports);
        return out;
    }
}
