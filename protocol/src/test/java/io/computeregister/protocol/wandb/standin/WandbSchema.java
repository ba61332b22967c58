package io.computeregister.protocol.wandb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.protocol.wandb.standin.GraphqlRequest.Field;
import io.computeregister.protocol.wandb.standin.GraphqlRequest.GraphqlError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The part of W&amp;B's GraphQL schema the original's processes use (docs/protocol.md §1.5), executed on a
 * {@link RunStore}.
 *
 * <pre>
 *   query    project(name, entityName): Project            (null when there is no such project)
 *   Project  id name entityName  runs(filters: JSONString, after, first = 50, order = "-created_at"): RunConnection
 *            run(name): Run                                (null when there is no such run)
 *   RunConnection  edges { node: Run  cursor }  pageInfo { endCursor hasNextPage }
 *   Run      id (opaque) name (run id) displayName description state createdAt heartbeatAt config (JSONString)
 *   mutation upsertBucket(input: {name, modelName, entityName, config: JSONString, displayName, description})
 *            : { bucket: Run  inserted }                   (creates the run; REPLACES its config when given)
 * </pre>
 *
 * Only the fields selected are answered; a field the schema does not have is an error, as on a real GraphQL server,
 * so a client asking for something W&amp;B does not serve fails here too.
 */
final class WandbSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UPSERT_INPUT = Set.of("id", "name", "modelName", "entityName", "config",
            "displayName", "description");
    private static final int DEFAULT_PAGE = 50;

    private final RunStore store;
    private final String defaultEntity;

    WandbSchema(RunStore store, String defaultEntity) {
        this.store = store;
        this.defaultEntity = defaultEntity;
    }

    /** The {@code data} of a request; throws {@link GraphqlError} for anything the request gets wrong. */
    ObjectNode execute(GraphqlRequest request) {
        ObjectNode data = NODES.objectNode();
        for (Field f : request.selections) {
            JsonNode value = switch (request.operation + "." + f.name()) {
                case "query.project" -> project(f);
                case "mutation.upsertBucket" -> upsertBucket(f);
                default -> throw new GraphqlError("Cannot query field \"" + f.name() + "\" on type \""
                        + (request.operation.equals("query") ? "Query" : "Mutation") + "\".");
            };
            data.set(f.key(), value);
        }
        return data;
    }

    private JsonNode project(Field f) {
        String entity = text(f.arg("entityName"), defaultEntity);
        String project = required(f, "name");
        if (!store.hasProject(entity, project)) return NODES.nullNode();
        ObjectNode out = NODES.objectNode();
        for (Field s : f.selections()) {
            out.set(s.key(), switch (s.name()) {
                case "id" -> NODES.textNode(base64("Project:v1:" + project + ":" + entity));
                case "name" -> NODES.textNode(project);
                case "entityName" -> NODES.textNode(entity);
                case "runs" -> runs(s, entity, project);
                case "run" -> store.run(entity, project, required(s, "name")).map(r -> run(s, r))
                        .orElse(NODES.nullNode());
                default -> throw unknown(s, "Project");
            });
        }
        return out;
    }

    private JsonNode runs(Field f, String entity, String project) {
        JsonNode filters = jsonString(f.arg("filters"), "filters");
        String order = text(f.arg("order"), "-created_at");
        int first = f.arg("first").isNull() ? DEFAULT_PAGE : f.arg("first").asInt();
        if (first < 0) throw new GraphqlError("first must not be negative");
        List<StoredRun> matching = store.runs(entity, project, order).stream()
                .filter(r -> RunFilter.matches(filters, r)).toList();
        int start = 0;
        String after = text(f.arg("after"), null);
        if (after != null) {
            start = -1;
            for (int i = 0; i < matching.size() && start < 0; i++) {
                if (cursor(matching.get(i)).equals(after)) start = i + 1;
            }
            if (start < 0) throw new GraphqlError("invalid cursor " + after);
        }
        List<StoredRun> page = matching.subList(start, Math.min(matching.size(), start + first));
        ObjectNode out = NODES.objectNode();
        for (Field s : f.selections()) {
            switch (s.name()) {
                case "edges" -> {
                    ArrayNode edges = NODES.arrayNode();
                    for (StoredRun r : page) {
                        ObjectNode edge = NODES.objectNode();
                        for (Field e : s.selections()) {
                            edge.set(e.key(), switch (e.name()) {
                                case "node" -> run(e, r);
                                case "cursor" -> NODES.textNode(cursor(r));
                                default -> throw unknown(e, "RunEdge");
                            });
                        }
                        edges.add(edge);
                    }
                    out.set(s.key(), edges);
                }
                case "pageInfo" -> {
                    ObjectNode info = NODES.objectNode();
                    for (Field p : s.selections()) {
                        info.set(p.key(), switch (p.name()) {
                            case "endCursor" -> page.isEmpty() ? NODES.nullNode()
                                    : NODES.textNode(cursor(page.getLast()));
                            case "hasNextPage" -> NODES.booleanNode(start + page.size() < matching.size());
                            default -> throw unknown(p, "PageInfo");
                        });
                    }
                    out.set(s.key(), info);
                }
                default -> throw unknown(s, "RunConnection");
            }
        }
        return out;
    }

    private JsonNode upsertBucket(Field f) {
        JsonNode input = f.arg("input");
        if (!input.isObject()) throw new GraphqlError("upsertBucket needs an input object");
        for (String key : (Iterable<String>) input::fieldNames) {
            if (!UPSERT_INPUT.contains(key)) {
                throw new GraphqlError("Field \"" + key + "\" is not defined by type \"UpsertBucketInput\".");
            }
        }
        String entity = text(input.path("entityName"), defaultEntity);
        String project = text(input.path("modelName"), "uncategorized");
        String name = text(input.path("name"), null);
        if (name == null) name = store.newRunId();
        String config = null;
        if (!input.path("config").isMissingNode() && !input.path("config").isNull()) {
            JsonNode parsed = jsonString(input.path("config"), "config");
            if (!parsed.isObject()) throw new GraphqlError("config must be a JSON object");
            config = input.path("config").asText();
        }
        boolean inserted = store.upsert(entity, project, name, text(input.path("displayName"), null),
                text(input.path("description"), null), config);
        StoredRun run = store.run(entity, project, name).orElseThrow();
        ObjectNode out = NODES.objectNode();
        for (Field s : f.selections()) {
            out.set(s.key(), switch (s.name()) {
                case "bucket" -> run(s, run);
                case "inserted" -> NODES.booleanNode(inserted);
                default -> throw unknown(s, "UpsertBucketPayload");
            });
        }
        return out;
    }

    private JsonNode run(Field f, StoredRun r) {
        RunSnapshot s = r.snapshot(); // read under the store's lock
        ObjectNode out = NODES.objectNode();
        for (Field field : f.selections()) {
            out.set(field.key(), switch (field.name()) {
                case "id" -> NODES.textNode(s.storageId());
                case "name" -> NODES.textNode(s.name());
                case "displayName" -> NODES.textNode(s.displayName());
                case "description" -> NODES.textNode(r.description);
                case "state" -> NODES.textNode(s.state());
                case "createdAt" -> NODES.textNode(StoredRun.TIME.format(s.createdAt()));
                case "heartbeatAt" -> s.heartbeatAt() == null ? NODES.nullNode()
                        : NODES.textNode(StoredRun.TIME.format(s.heartbeatAt()));
                case "config" -> NODES.textNode(s.config()); // a JSONString: the stored text itself
                default -> throw unknown(field, "Run");
            });
        }
        return out;
    }

    private static String cursor(StoredRun r) {
        return base64("cursor:" + r.storageId());
    }

    /** A JSONString argument: a string holding JSON (an object given directly is a type error, as on W&amp;B). */
    private static JsonNode jsonString(JsonNode arg, String name) {
        if (arg.isNull() || arg.isMissingNode()) return NODES.nullNode();
        if (!arg.isTextual()) {
            throw new GraphqlError("Argument \"" + name + "\" has invalid value: JSONString expected");
        }
        try {
            JsonNode parsed = JSON.readTree(arg.asText());
            return parsed == null ? NODES.nullNode() : parsed;
        } catch (Exception e) {
            throw new GraphqlError("Argument \"" + name + "\" is not valid JSON: " + arg.asText());
        }
    }

    private static String required(Field f, String arg) {
        String v = text(f.arg(arg), null);
        if (v == null) throw new GraphqlError("Field \"" + f.name() + "\" argument \"" + arg + "\" is required.");
        return v;
    }

    private static String text(JsonNode v, String fallback) {
        return v == null || v.isNull() || v.isMissingNode() ? fallback : v.asText();
    }

    private static GraphqlError unknown(Field f, String type) {
        return new GraphqlError("Cannot query field \"" + f.name() + "\" on type \"" + type + "\".");
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
