package io.computeregister.protocol.wandb.standin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * JSON text as Python's {@code json.dumps} writes it with its defaults, which is how the W&amp;B Python client
 * serialises a run's config: {@code ", "} and {@code ": "} separators, non-ASCII escaped as {@code \\uXXXX}, floats
 * with their fraction ({@code 3600.0}). Seeded runs look like the recorded ones (src/test/resources/wandb).
 */
final class PythonJson {

    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private PythonJson() {}

    static String dumps(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.append(sep).append(string(e.getKey())).append(": ");
                write(e.getValue(), out);
                sep = ", ";
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            String sep = "";
            for (JsonNode element : node) {
                out.append(sep);
                write(element, out);
                sep = ", ";
            }
            out.append(']');
        } else if (node.isTextual()) {
            out.append(string(node.asText()));
        } else {
            out.append(node); // numbers, booleans, null: Jackson writes them as Python does (1, 3600.0, true, null)
        }
    }

    private static String string(String s) {
        try {
            return ESCAPING.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
