package io.computeregister.protocol.wandb;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.crypto.Sr25519;
import io.computeregister.bittensor.crypto.Ss58;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The original's run signature (docs/protocol.md §1.5): {@code config.signature} = hex (no {@code 0x}) of the
 * hotkey's sr25519 signature over the raw 32-byte SHA-256 digest of the run id (GraphQL {@code Run.name}), verified
 * against {@code config.hotkey}. Only the run id is signed, not the config: it proves that the hotkey's owner made
 * the run, not what the run says.
 */
public final class RunSignature {

    private RunSignature() {}

    /** Signs {@code runId} as the original's {@code sign_run}. */
    public static String sign(Keypair hotkey, String runId) {
        return HexFormat.of().formatHex(hotkey.sign(digest(runId)));
    }

    /**
     * Whether {@code signatureHex} is {@code hotkey}'s signature of {@code runId}. Never throws: a malformed address
     * or signature is simply not valid (the original's {@code verify_run} also treats them as unsigned).
     */
    public static boolean verify(String hotkey, String runId, String signatureHex) {
        if (hotkey == null || runId == null || signatureHex == null) return false;
        byte[] signature;
        byte[] publicKey;
        try {
            // COMPAT: like Python's bytes.fromhex, a "0x" prefix is not hex: such a signature does not verify.
            signature = HexFormat.of().parseHex(signatureHex);
            publicKey = Ss58.decodePublicKey(hotkey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Sr25519.verify(publicKey, digest(runId), signature);
    }

    private static byte[] digest(String runId) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
