package io.computeregister.bittensor.synapse;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test double shaped like NI Compute's Allocate (compute/protocol.py), to check the wire JSON of a subclass. */
public class Allocate extends Synapse {
    private int timeline = 0;
    private Map<String, Object> deviceRequirement = new LinkedHashMap<>();
    private boolean checking = true;
    private Map<String, Object> output = new LinkedHashMap<>();
    private String publicKey = "";
    private DockerRequirement dockerRequirement = new DockerRequirement();
    private boolean dockerChange = false;
    private Map<String, String> dockerAction = new LinkedHashMap<>(Map.of("action", "", "ssh_key", "", "key_type", ""));

    public Allocate timeline(int t) { timeline = t; return this; }
    public Map<String, Object> output() { return output; }

    /** Nested model: not a synapse, so it carries its own snake_case mapping. */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(
            com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    @com.fasterxml.jackson.annotation.JsonAutoDetect(fieldVisibility =
            com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
    public static class DockerRequirement {
        private String baseImage = "ubuntu";
        private String sshKey = "";
        private int sshPort = 4444;
        private String volumePath = "/tmp";
        private String dockerfile = "";
    }
}
