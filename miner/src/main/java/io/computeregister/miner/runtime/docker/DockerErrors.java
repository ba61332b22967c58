package io.computeregister.miner.runtime.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;

/**
 * docker-java reports engine errors as {@code Status 409: {"message":"..."}}; this keeps only the engine's sentence so
 * a failure reads as one log line.
 */
final class DockerErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerErrors() {}

    static String message(Throwable e) {
        String raw = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        if (e instanceof DockerException) {
            int brace = raw.indexOf('{');
            if (brace >= 0) {
                try {
                    JsonNode node = JSON.readTree(raw.substring(brace));
                    if (node.hasNonNull("message")) {
                        return node.get("message").asText();
                    }
                } catch (Exception ignored) {
                    // not JSON: keep the raw text
                }
            }
        }
        return raw;
    }
}
