package io.computeregister.api.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;

/**
 * The shapes the lists answer besides {@link Resource} and the allocation view: the handlers build these records
 * and the OpenAPI document describes the same classes (docs/protocol.md §2.12-§2.18 for the original's keys).
 */
public final class Replies {

    private Replies() {}

    /** What the original's run config carried that we know of a miner: role, hotkey, uid, netuid. */
    public record RunConfig(String role, String hotkey, Integer uid, int netuid) {
        /** {@code config.config.netuid} of subnet 27, the runs the W&amp;B-backed lists ask for. */
        static final int NETUID = 27;
    }

    /**
     * An all_runs item's value (the item is {@code {"<position>": Run}}).
     *
     * @param configs the run's {@code config.config}: from W&amp;B as it is, from the store a {@link RunConfig}
     */
    public record Run(String id, String name, String description, Object configs, String state, String startAt) {}

    /** A run_by_name value: key {@code config}, not {@code configs}, as the original. */
    public record NamedRun(String id, String name, String description, Object config) {}

    /**
     * A specs item's value: {@code specs} is the miner's report (docs/protocol.md §9.10), {@code configs} as in
     * {@link Run}.
     */
    public record SpecsItem(String hotkey, Object configs, Object specs, String state) {}

    /** An available item's value: {@code details} is the miner's spec report. */
    public record AvailableItem(String hotkey, Object details) {}

    /** count_all_gpus and count_all_by_model answer this bare, without the envelope. */
    public record Count(int count) {}

    public record StatsCounts(int available, int reserved, int total) {}

    /** {@code data} of the resource lists with {@code stats=true}. */
    public record Stats(StatsCounts stats) {}

    /**
     * The original's position-keyed item {@code {"<position>": value}}: the 1-based position in the list it was cut
     * from (W&amp;B's answer, or the running miners), so positions may have gaps.
     */
    public record Positioned<T>(int position, T value) implements JsonSerializable {

        @Override
        public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName(Integer.toString(position));
            serializers.defaultSerializeValue(value, gen);
            gen.writeEndObject();
        }

        @Override
        public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer)
                throws IOException {
            serialize(gen, serializers);
        }
    }
}
