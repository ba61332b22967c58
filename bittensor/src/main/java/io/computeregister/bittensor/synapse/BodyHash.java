package io.computeregister.bittensor.synapse;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code computed_body_hash} header (Python {@code Synapse.body_hash}, 9.0.0):
 * {@code sha3_256( concat( sha3_256(str(body[f])) for f in required_hash_fields ) )}, lowercase hex without {@code 0x}.
 * With no required hash fields it is the SHA3-256 of "" ({@link #EMPTY}).
 */
public final class BodyHash {
    /** SHA3-256 of the empty string: the hash of every synapse without required hash fields. */
    public static final String EMPTY = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";

    private BodyHash() {}

    /** Hash of a synapse given as its JSON tree (the body as sent or received). */
    public static String of(JsonNode body, List<String> requiredHashFields) {
        StringBuilder concat = new StringBuilder(requiredHashFields.size() * 64);
        for (String field : requiredHashFields) {
            concat.append(sha3Hex(PythonStr.str(body.get(field))));
        }
        return sha3Hex(concat.toString());
    }

    public static String of(Synapse synapse) {
        if (synapse.requiredHashFields().isEmpty()) return EMPTY;
        return of(SynapseJson.mapper().valueToTree(synapse), synapse.requiredHashFields());
    }

    static String sha3Hex(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA3-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA3-256", e);
        }
    }
}
