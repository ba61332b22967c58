package io.computeregister.api.lists;

import java.util.Map;

/** The item shapes of the lists, for the OpenAPI document (the handlers build the same keys as maps). */
public final class ListShapes {

    private ListShapes() {}

    /** An all_runs item value (the item is {@code {"<position>": Run}}). */
    public record Run(String id, String name, String description, Map<String, Object> configs, String state,
                      String startAt) {}

    /** A run_by_name value: key {@code config}, not {@code configs}, as the original. */
    public record NamedRun(String id, String name, String description, Map<String, Object> config) {}

    public record SpecsItem(String hotkey, Map<String, Object> configs, Map<String, Object> specs, String state) {}

    public record AvailableItem(String hotkey, Map<String, Object> details) {}

    public record Count(int count) {}

    public record StatsCounts(int available, int reserved, int total) {}

    /** {@code data} of the resource lists with {@code stats=true}. */
    public record Stats(StatsCounts stats) {}
}
