package io.computeregister.miner;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

/**
 * A dendrite sending {@code Allocate} to one miner as the register API does: probe, allocate (fresh RSA key), act,
 * deallocate. For tests and the bench; the API's own client of miners is {@code api.allocation.MinerClient}.
 */
public final class AllocateDendrite implements AutoCloseable {

    private final Dendrite dendrite;
    private final AxonTarget target;

    public AllocateDendrite(Keypair caller, int axonPort, String minerHotkey) {
        this.dendrite = Dendrite.create(caller);
        this.target = new AxonTarget("127.0.0.1", axonPort, minerHotkey);
    }

    /** One allocation as the renter holds it: its RSA key and the decrypted credentials. */
    public record Lease(KeyPair rsa, String publicKeyPem, AllocationInfo info) {}

    public DendriteResponse<Allocate> send(Allocate synapse) {
        return send(synapse, Duration.ofSeconds(60));
    }

    /** With the caller's timeout: the axon answers 408 when its handler takes longer. */
    public DendriteResponse<Allocate> send(Allocate synapse, Duration timeout) {
        return dendrite.callBlocking(target, synapse, timeout);
    }

    public Map<String, Object> probe(DeviceRequirement device, int timeline) {
        return send(new Allocate().checking(true).timeline(timeline).deviceRequirement(device.toWire()))
                .synapse().output();
    }

    /** Allocates with a fresh RSA key; returns the output and, when status is true, the decrypted lease. */
    public Map.Entry<Map<String, Object>, Lease> allocate(DeviceRequirement device, int timeline, String sshKey) {
        return allocate(device, timeline, sshKey, RsaEnvelope.generateKeyPair());
    }

    /** Allocates with the renter key {@code rsa} (the same key twice asks for one allocation twice). */
    public Map.Entry<Map<String, Object>, Lease> allocate(DeviceRequirement device, int timeline, String sshKey,
            KeyPair rsa) {
        String pem = RsaEnvelope.publicKeyPem(rsa.getPublic());
        Allocate reply = send(new Allocate().checking(false).timeline(timeline).publicKey(pem)
                .deviceRequirement(device.toWire())
                .dockerRequirement(DockerRequirement.defaults().withSshKey(sshKey).toWire())).synapse();
        Map<String, Object> out = reply.output();
        Lease lease = null;
        if (Boolean.TRUE.equals(out.get("status"))) {
            String json = RsaEnvelope.decryptFromBase64(rsa.getPrivate(), (String) out.get("info"));
            lease = new Lease(rsa, pem, AllocationInfo.fromJson(json));
        }
        return new java.util.AbstractMap.SimpleImmutableEntry<>(out, lease);
    }

    public Lease allocateOrFail(DeviceRequirement device, int timeline, String sshKey) {
        var result = allocate(device, timeline, sshKey);
        if (result.getValue() == null) {
            throw new AssertionError("allocation refused: " + result.getKey());
        }
        return result.getValue();
    }

    public Map<String, Object> act(String publicKeyPem, DockerAction action) {
        return send(new Allocate().checking(false).dockerChange(true).publicKey(publicKeyPem)
                .dockerAction(action.toWire())).synapse().output();
    }

    public Map<String, Object> deallocate(String publicKeyPem) {
        return send(new Allocate().checking(false).timeline(0).publicKey(publicKeyPem)).synapse().output();
    }

    @Override
    public void close() {
        dendrite.close();
    }
}
