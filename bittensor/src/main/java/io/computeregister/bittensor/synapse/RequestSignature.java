package io.computeregister.bittensor.synapse;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.crypto.Sr25519;
import io.computeregister.bittensor.crypto.Ss58;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The dendrite's request signature (Python 9.0.0 {@code dendrite.py:737-738}, checked at {@code axon.py:925-975}):
 * sr25519 over the UTF-8 text {@code nonce.dendriteHotkey.axonHotkey.uuid.bodyHash}, sent as {@code 0x} + lowercase
 * hex. {@code axonHotkey} is the target's SS58 address exactly as the metagraph lists it.
 */
public final class RequestSignature {
    private RequestSignature() {}

    /** Why a signature did not verify, in words Python's axon would use. */
    public static final class InvalidSignatureException extends Exception {
        InvalidSignatureException(String message) { super(message); }
    }

    public static String message(long nonce, String dendriteHotkey, String axonHotkey, String uuid, String bodyHash) {
        return nonce + "." + dendriteHotkey + "." + axonHotkey + "." + uuid + "." + bodyHash;
    }

    public static String sign(Keypair signer, String message) {
        return "0x" + HexFormat.of().formatHex(signer.sign(message.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Verifies {@code signature} (0x-hex) by the owner of {@code signerSs58} over {@code message}. Like btwallet, it
     * also accepts a signature over {@code <Bytes>message</Bytes>}, the wrapping polkadot-js browser extensions add.
     */
    public static void verify(String signerSs58, String message, String signature) throws InvalidSignatureException {
        if (signerSs58 == null || signerSs58.isEmpty()) throw new InvalidSignatureException("Missing dendrite hotkey");
        if (signature == null || !signature.startsWith("0x")) {
            throw new InvalidSignatureException("Invalid signature format: expected 0x-prefixed hex");
        }
        byte[] publicKey;
        try {
            publicKey = Ss58.decode(signerSs58).publicKey();
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("Invalid dendrite hotkey '" + signerSs58 + "': " + e.getMessage());
        }
        byte[] sig;
        try {
            sig = HexFormat.of().parseHex(signature.substring(2));
        } catch (IllegalArgumentException e) {
            throw new InvalidSignatureException("Invalid signature format: not hex");
        }
        if (sig.length != 64) throw new InvalidSignatureException("Invalid signature length " + sig.length + ", expected 64");
        byte[] msg = message.getBytes(StandardCharsets.UTF_8);
        if (Sr25519.verify(publicKey, msg, sig)) return;
        byte[] wrapped = ("<Bytes>" + message + "</Bytes>").getBytes(StandardCharsets.UTF_8);
        if (Sr25519.verify(publicKey, wrapped, sig)) return;
        throw new InvalidSignatureException("Signature mismatch with " + message + " and " + signature);
    }
}
