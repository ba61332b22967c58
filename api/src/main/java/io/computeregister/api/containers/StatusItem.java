package io.computeregister.api.containers;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A check_miner_status item (docs/protocol.md §9.11), as the route answers it and the OpenAPI document shows it:
 * {@code {hotkey, status}} or, with {@code query_version=true}, {@code {hotkey, version}}; the field a reply does not
 * carry is left out, as the original left it out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusItem(String hotkey, String status, Integer version) {

    static StatusItem status(String hotkey, String status) {
        return new StatusItem(hotkey, status, null);
    }

    static StatusItem version(String hotkey, int version) {
        return new StatusItem(hotkey, null, version);
    }
}
