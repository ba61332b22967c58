package io.computeregister.api.specs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Json;

/** How a source judges the specs text a miner (or a validator on its behalf) reported. */
enum SpecsJson {
    /** A non-empty JSON object: usable specs. */
    OBJECT,
    /** Null, blank or {@code {}}: the miner reported nothing (the validator writes {@code '{}'} for that). */
    BLANK,
    /** Anything else (an array, a number, broken JSON): not specs. */
    MALFORMED;

    static SpecsJson judge(String text) {
        if (text == null || text.isBlank()) return BLANK;
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return MALFORMED;
        }
        if (node == null || !node.isObject()) return MALFORMED;
        return node.isEmpty() ? BLANK : OBJECT;
    }
}
