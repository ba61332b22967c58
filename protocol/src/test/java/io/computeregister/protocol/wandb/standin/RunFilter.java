package io.computeregister.protocol.wandb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.computeregister.protocol.wandb.standin.GraphqlRequest.GraphqlError;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code filters} of W&amp;B's runs query, evaluated on one run (docs/protocol.md §1.5: a MongoDB-style JSON
 * object).
 *
 * <ul>
 *   <li>The top-level keys of an object are ANDed; {@code $and}, {@code $or}, {@code $nor} take lists of filters.</li>
 *   <li>Keys address a run: {@code state}, {@code display_name}, {@code name} (the run id), {@code created_at},
 *       {@code heartbeat_at}, and {@code config.KEY[.path]}, which is the value INSIDE the {@code {"value": ...}}
 *       wrapper of config key KEY, then a path through plain JSON.</li>
 *   <li>A plain value is equality (numbers by value, {@code null} also matches an absent key, an array value matches
 *       when an element is equal); an object of operators applies each: {@code $eq}, {@code $ne}, {@code $in},
 *       {@code $nin}, {@code $exists}, {@code $regex} (searched in the value's text: a string as it is, anything else
 *       as JSON, so a null value matches the regex {@code null}), {@code $gt}, {@code $gte}, {@code $lt},
 *       {@code $lte}.</li>
 * </ul>
 * An operator it does not know is a {@link GraphqlRequest.GraphqlError}, never silently "matches".
 */
final class RunFilter {

    private RunFilter() {}

    static boolean matches(JsonNode filter, StoredRun run) {
        if (filter == null || filter.isNull() || filter.isMissingNode()) return true;
        if (!filter.isObject()) throw new GraphqlError("filters must be a JSON object, got " + filter.getNodeType());
        for (Map.Entry<String, JsonNode> e : filter.properties()) {
            String key = e.getKey();
            JsonNode cond = e.getValue();
            boolean ok = switch (key) {
                case "$and" -> all(list(key, cond), run);
                case "$or" -> any(list(key, cond), run);
                case "$nor" -> !any(list(key, cond), run);
                default -> {
                    if (key.startsWith("$")) throw new GraphqlError("unsupported filter operator " + key);
                    yield condition(run.field(key), cond);
                }
            };
            if (!ok) return false;
        }
        return true;
    }

    private static JsonNode list(String op, JsonNode cond) {
        if (!cond.isArray()) throw new GraphqlError(op + " takes a list of filters");
        return cond;
    }

    private static boolean all(JsonNode filters, StoredRun run) {
        for (JsonNode f : filters) if (!matches(f, run)) return false;
        return true;
    }

    private static boolean any(JsonNode filters, StoredRun run) {
        for (JsonNode f : filters) if (matches(f, run)) return true;
        return false;
    }

    private static boolean condition(JsonNode value, JsonNode cond) {
        if (!isOperatorObject(cond)) return equal(value, cond);
        for (Map.Entry<String, JsonNode> op : cond.properties()) {
            JsonNode arg = op.getValue();
            boolean ok = switch (op.getKey()) {
                case "$eq" -> equal(value, arg);
                case "$ne" -> !equal(value, arg);
                case "$in" -> in(value, arg);
                case "$nin" -> !in(value, arg);
                case "$exists" -> arg.asBoolean() != value.isMissingNode();
                case "$regex" -> regex(value, arg);
                case "$gt" -> comparable(value, arg) && compare(value, arg) > 0;
                case "$gte" -> comparable(value, arg) && compare(value, arg) >= 0;
                case "$lt" -> comparable(value, arg) && compare(value, arg) < 0;
                case "$lte" -> comparable(value, arg) && compare(value, arg) <= 0;
                default -> throw new GraphqlError("unsupported filter operator " + op.getKey());
            };
            if (!ok) return false;
        }
        return true;
    }

    private static boolean isOperatorObject(JsonNode cond) {
        if (!cond.isObject() || cond.isEmpty()) return false;
        for (String k : (Iterable<String>) cond::fieldNames) if (!k.startsWith("$")) return false;
        return true;
    }

    private static boolean equal(JsonNode value, JsonNode expected) {
        if (expected.isNull()) return value.isMissingNode() || value.isNull();
        if (value.isArray() && !expected.isArray()) {
            for (JsonNode element : value) if (same(element, expected)) return true;
            return false;
        }
        return same(value, expected);
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue()) == 0;
        return a.equals(b);
    }

    private static boolean in(JsonNode value, JsonNode options) {
        if (!options.isArray()) throw new GraphqlError("$in takes a list");
        for (JsonNode o : options) if (equal(value, o)) return true;
        return false;
    }

    private static boolean regex(JsonNode value, JsonNode pattern) {
        if (value.isMissingNode()) return false;
        if (!pattern.isTextual()) throw new GraphqlError("$regex takes a string");
        try {
            return Pattern.compile(pattern.asText()).matcher(value.isTextual() ? value.asText() : value.toString())
                    .find();
        } catch (PatternSyntaxException e) {
            throw new GraphqlError("invalid $regex " + pattern.asText() + ": " + e.getDescription());
        }
    }

    /** Numbers compare by value, strings (e.g. times) by text; anything else does not compare (the operator fails). */
    private static boolean comparable(JsonNode value, JsonNode arg) {
        return (value.isNumber() && arg.isNumber()) || (value.isTextual() && arg.isTextual());
    }

    private static int compare(JsonNode value, JsonNode arg) {
        return value.isNumber() ? value.decimalValue().compareTo(arg.decimalValue())
                : value.asText().compareTo(arg.asText());
    }

    /** Walks a dotted path through plain JSON; a missing step gives a missing node. */
    static JsonNode path(JsonNode root, String[] steps, int from) {
        JsonNode node = root;
        for (int i = from; i < steps.length && !node.isMissingNode(); i++) {
            node = node.isArray() && steps[i].matches("\\d+") ? node.path(Integer.parseInt(steps[i]))
                    : node.path(steps[i]);
        }
        return node == null ? MissingNode.getInstance() : node;
    }
}
