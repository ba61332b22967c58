package io.computeregister.api.containers;

/**
 * A check_miner_status item (docs/protocol.md §9.11), for the OpenAPI document: {@code {hotkey, status}} or, with
 * {@code query_version=true}, {@code {hotkey, version}}.
 */
public record StatusItem(String hotkey, String status, Integer version) {}
