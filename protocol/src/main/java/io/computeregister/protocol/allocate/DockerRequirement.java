package io.computeregister.protocol.allocate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Allocate.docker_requirement} (docs/protocol.md §9.2). Default {@code {"base_image": "ubuntu", "ssh_key": "",
 * "ssh_port": 4444, "volume_path": "/tmp", "dockerfile": ""}}.
 *
 * @param baseImage  ignored by the original miner (it always runs its own image); ours too: the operator picks it
 * @param sshKey     the renter's OpenSSH public key line, or ""
 * @param sshPort    overwritten by the original miner with its own port; informational
 * @param volumePath ignored by the original
 * @param dockerfile extra build step text, or ""
 */
public record DockerRequirement(String baseImage, String sshKey, int sshPort, String volumePath, String dockerfile) {

    public static DockerRequirement defaults() {
        return new DockerRequirement("ubuntu", "", 4444, "/tmp", "");
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

    public Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("base_image", baseImage);
        out.put("ssh_key", sshKey);
        out.put("ssh_port", sshPort);
        out.put("volume_path", volumePath);
        out.put("dockerfile", dockerfile);
        return out;
    }
}
