package io.computeregister.api.allocation;

import java.util.LinkedHashMap;
import java.util.Map;

/** The request's DockerRequirement (registerapi-reference §9.2), with the original's defaults. */
public record DockerSpec(String baseImage, String sshKey, String volumePath, String dockerfile) {

    public static final DockerSpec DEFAULTS = new DockerSpec("ubuntu", "", "/tmp", "");

    public DockerSpec withSshKey(String key) {
        return new DockerSpec(baseImage, key, volumePath, dockerfile);
    }

    /** The dict the miner receives in {@code Allocate.docker_requirement}. */
    public Map<String, Object> toWire() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base_image", baseImage);
        m.put("ssh_key", sshKey);
        m.put("volume_path", volumePath);
        m.put("dockerfile", dockerfile);
        return m;
    }
}
