package io.computeregister.protocol.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Objects;

/**
 * The credentials a miner returns for a new allocation, encrypted with {@link RsaEnvelope} into {@code output.info}
 * (docs/protocol.md §3.3 step 7): {@code {"username": "root", "password": "...", "port": 4444, "version": 1}}.
 *
 * @param username login name (the original always sends root)
 * @param password login password (secret: not in {@link #toString()})
 * @param port     host SSH port
 * @param version  miner version as an integer
 */
@JsonPropertyOrder({"username", "password", "port", "version"})
public record AllocationInfo(
        @JsonProperty("username") String username,
        @JsonProperty("password") String password,
        @JsonProperty("port") int port,
        @JsonProperty("version") int version) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .defaultPrettyPrinter(new PythonSeparators())
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .build();

    static {
        JSON.getFactory().setCharacterEscapes(new PythonAsciiEscapes());
    }

    @JsonCreator
    public AllocationInfo {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The exact bytes the original miner encrypts: Python {@code json.dumps} with its default separators
     * ({@code ", "} between entries, {@code ": "} after keys).
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize allocation info", e);
        }
    }

    /**
     * Parses decrypted allocation info.
     *
     * @throws IllegalArgumentException naming the missing or malformed field (never echoing the text, which holds the
     *     password)
     */
    public static AllocationInfo fromJson(String json) {
        try {
            var node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("allocation info is not a JSON object");
            }
            for (String field : new String[] {"username", "password", "port"}) {
                if (!node.hasNonNull(field)) {
                    throw new IllegalArgumentException("allocation info has no '" + field + "'");
                }
            }
            if (!node.get("port").canConvertToInt()) {
                throw new IllegalArgumentException("allocation info 'port' is not an integer");
            }
            int version = node.hasNonNull("version") ? node.get("version").asInt() : 0;
            return new AllocationInfo(node.get("username").asText(), node.get("password").asText(),
                    node.get("port").asInt(), version);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IllegalArgumentException("allocation info is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "AllocationInfo[username=" + username + ", password=***, port=" + port + ", version=" + version + "]";
    }

    /**
     * COMPAT: Python {@code json.dumps} defaults to {@code ensure_ascii=True}, writing every non-ASCII UTF-16 unit as
     * {@code \\u} plus four lower-case hex digits (Jackson's own ESCAPE_NON_ASCII writes upper case).
     */
    private static final class PythonAsciiEscapes extends CharacterEscapes {
        private static final int[] ASCII = standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch > 0x7f ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    /** Python's default {@code json.dumps} layout: one line, {@code ", "} and {@code ": "}. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }
}
