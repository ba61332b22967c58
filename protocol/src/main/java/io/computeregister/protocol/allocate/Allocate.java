package io.computeregister.protocol.allocate;

import io.computeregister.bittensor.synapse.Synapse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * NI Compute's {@code Allocate} synapse (compute/protocol.py), field for field with the original's defaults
 * (docs/protocol.md §3.1, §9.9). The three dict fields stay JSON object maps on the wire so that any key the
 * other side sends survives a round trip; {@link #device()} and {@link #docker()} read them as typed values.
 *
 * <p>The miner's dispatch on (checking, docker_change, timeline) is docs/protocol.md §3.2; {@code output} is the reply.
 */
public class Allocate extends Synapse {
    private int timeline = 0;
    private Map<String, Object> deviceRequirement = new LinkedHashMap<>();
    private boolean checking = true;
    private Map<String, Object> output = new LinkedHashMap<>();
    private String publicKey = "";
    private Map<String, Object> dockerRequirement = DockerRequirement.defaults().toWire();
    private boolean dockerChange = false;
    private Map<String, Object> dockerAction = DockerAction.defaults().toWire();

    public int timeline() { return timeline; }
    public Allocate timeline(int days) { this.timeline = days; return this; }

    public Map<String, Object> deviceRequirement() { return deviceRequirement; }
    public Allocate deviceRequirement(Map<String, Object> value) {
        this.deviceRequirement = value == null ? new LinkedHashMap<>() : new LinkedHashMap<>(value);
        return this;
    }

    public boolean checking() { return checking; }
    public Allocate checking(boolean value) { this.checking = value; return this; }

    /** The reply: a JSON object ({@code status}, {@code info}, {@code port}); empty until a miner answers. */
    public Map<String, Object> output() { return output; }
    public Allocate output(Map<String, Object> value) {
        this.output = value == null ? new LinkedHashMap<>() : new LinkedHashMap<>(value);
        return this;
    }

    /** The request's RSA public key PEM; also the allocation's owner key for deallocation and docker actions. */
    public String publicKey() { return publicKey; }
    public Allocate publicKey(String pem) { this.publicKey = pem == null ? "" : pem; return this; }

    public Map<String, Object> dockerRequirement() { return dockerRequirement; }
    public Allocate dockerRequirement(Map<String, Object> value) {
        this.dockerRequirement = value == null ? DockerRequirement.defaults().toWire() : new LinkedHashMap<>(value);
        return this;
    }

    public boolean dockerChange() { return dockerChange; }
    public Allocate dockerChange(boolean value) { this.dockerChange = value; return this; }

    public Map<String, Object> dockerAction() { return dockerAction; }
    public Allocate dockerAction(Map<String, Object> value) {
        this.dockerAction = value == null ? DockerAction.defaults().toWire() : new LinkedHashMap<>(value);
        return this;
    }

    /** {@code device_requirement} read as typed values. */
    public DeviceRequirement device() { return DeviceRequirement.fromWire(deviceRequirement); }
    /** Sets {@code device_requirement} to the typed value's wire dict. */
    public Allocate device(DeviceRequirement value) { return deviceRequirement(value.toWire()); }

    /** {@code docker_requirement} read as typed values. */
    public DockerRequirement docker() { return DockerRequirement.fromWire(dockerRequirement); }
    /** Sets {@code docker_requirement} to the typed value's wire dict. */
    public Allocate docker(DockerRequirement value) { return dockerRequirement(value.toWire()); }

    /** {@code docker_action} read as typed values. */
    public DockerAction action() { return DockerAction.fromWire(dockerAction); }

    /** {@code output.status} as the API reads it: true only for a JSON true. */
    public boolean status() { return Boolean.TRUE.equals(output.get("status")); }
}
