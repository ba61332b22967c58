package io.computeregister.api.minerclient;

import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.security.KeyPair;
import java.security.PrivateKey;

/**
 * What to ask a miner for: the requirements of {@code Allocate} plus a fresh RSA key pair (docs/protocol.md §4) whose
 * public half goes to the miner (and becomes the allocation's regkey) and whose private half decrypts its answer. The
 * private key lives only as long as the request.
 *
 * @param publicKeyPem the PEM sent as {@code Allocate.public_key}
 */
public record AllocateOrder(int timelineDays, DeviceRequirement device, DockerRequirement docker,
                            String publicKeyPem, PrivateKey privateKey) {

    /** An order with a freshly generated RSA-2048 key pair. */
    public static AllocateOrder withFreshKeys(int timelineDays, DeviceRequirement device, DockerRequirement docker) {
        KeyPair pair = RsaEnvelope.generateKeyPair();
        return new AllocateOrder(timelineDays, device, docker, RsaEnvelope.publicKeyPem(pair.getPublic()),
                pair.getPrivate());
    }

    /**
     * Decrypts the miner's {@code output.info}.
     *
     * @throws IllegalArgumentException naming what is wrong (never the plaintext)
     */
    public AllocationInfo decryptInfo(String infoBase64) {
        return AllocationInfo.fromJson(RsaEnvelope.decryptFromBase64(privateKey, infoBase64));
    }

    @Override
    public String toString() {
        return "AllocateOrder[timelineDays=" + timelineDays + ", device=" + device + ", docker=" + docker
                + ", privateKey=***]";
    }
}
