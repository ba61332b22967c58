package io.computeregister.protocol.allocate;

import java.util.LinkedHashMap;
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
 */
public record DockerRequirement(String baseImage, String sshKey, Integer sshPort, String volumePath,
                                String dockerfile) {

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
                WireValues.text(wire, "dockerfile", d.dockerfile));
    }

    public DockerRequirement withSshKey(String key) {
        return new DockerRequirement(baseImage, key, sshPort, volumePath, dockerfile);
    }

    /** The wire dict; {@code ssh_port} only when set. */
    public Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("base_image", baseImage);
        out.put("ssh_key", sshKey);
        if (sshPort != null) out.put("ssh_port", sshPort);
        out.put("volume_path", volumePath);
        out.put("dockerfile", dockerfile);
        return out;
    }
}
