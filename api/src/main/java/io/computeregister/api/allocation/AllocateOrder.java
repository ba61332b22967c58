package io.computeregister.api.allocation;

import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Map;

/**
 * What to ask a miner for: the wire dicts of {@code Allocate} plus a fresh RSA key pair (reference §4) whose public
 * half goes to the miner (and becomes the allocation's regkey) and whose private half decrypts its answer. The
 * private key lives only as long as the request.
 *
 * @param publicKeyPem the PEM sent as {@code Allocate.public_key}
 */
public record AllocateOrder(int timelineDays, Map<String, Object> deviceRequirement, DockerSpec docker,
                            String publicKeyPem, PrivateKey privateKey) {

    /** An order with a freshly generated RSA-2048 key pair. */
    public static AllocateOrder withFreshKeys(int timelineDays, Map<String, Object> deviceRequirement,
                                              DockerSpec docker) {
        KeyPair pair = RsaEnvelope.generateKeyPair();
        return new AllocateOrder(timelineDays, deviceRequirement, docker, RsaEnvelope.publicKeyPem(pair.getPublic()),
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
        return "AllocateOrder[timelineDays=" + timelineDays + ", deviceRequirement=" + deviceRequirement
                + ", docker=" + docker + ", privateKey=***]";
    }
}
