package io.computeregister.api.wandb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A W&B client over its GraphQL API (java.net.http): the runs query the original's Python client sends, and the
 * {@code upsertBucket} mutation that {@code run.config.update} sends. Authentication is HTTP Basic with user
 * {@code api} and the API key as password, as the W&B clients do. Thread-safe; every call is bounded by the
 * configured timeout, and paging is capped so a huge project cannot keep a call running.
 */
public final class WandbClient implements WandbSource, WandbSink {

    private static final Logger log = LoggerFactory.getLogger(WandbClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int PER_PAGE = 100;
    static final int MAX_PAGES = 50;

    static final String RUNS_QUERY = """
            query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
              project(name: $project, entityName: $entity) {
                runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
                  edges { node { id name displayName description state createdAt config } cursor }
                  pageInfo { endCursor hasNextPage }
                }
              }
            }""";

    static final String RUN_CONFIG_QUERY = """
            query RunConfig($project: String!, $entity: String!, $name: String!) {
              project(name: $project, entityName: $entity) {
                run(name: $name) { id name displayName config }
              }
            }""";

    static final String UPSERT_CONFIG = """
            mutation UpsertBucket($name: String, $project: String, $entity: String, $config: JSONString) {
              upsertBucket(input: {name: $name, modelName: $project, entityName: $entity, config: $config}) {
                bucket { id name }
              }
            }""";

    private final WandbConfig config;
    private final RunSigner signer;
    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;

    /** @param signer signs the run after an update as the original did; null leaves {@code config.signature} alone */
    public WandbClient(WandbConfig config, RunSigner signer) {
        this.config = config;
        this.signer = signer;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.endpoint = URI.create(config.baseUrl() + "/graphql");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("api:" + config.apiKey()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<WandbRun> runs(Map<String, Object> filters) {
        String filterJson = write(filters == null ? Map.of() : filters);
        List<WandbRun> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("project", config.project());
            vars.put("entity", config.entity());
            vars.put("cursor", cursor);
            vars.put("perPage", PER_PAGE);
            vars.put("order", "-created_at");
            vars.put("filters", filterJson);
            JsonNode runs = project(call("runs", RUNS_QUERY, vars)).path("runs");
            for (JsonNode edge : runs.path("edges")) out.add(run(edge.path("node")));
            JsonNode info = runs.path("pageInfo");
            if (!info.path("hasNextPage").asBoolean(false)) {
                log.debug("W&B runs {}: {} runs", filterJson, out.size());
                return out;
            }
            cursor = info.path("endCursor").asText(null);
            if (cursor == null) throw new WandbException("W&B runs: hasNextPage without an endCursor from " + endpoint);
        }
        throw new WandbException("W&B runs: more than " + MAX_PAGES * PER_PAGE + " runs match " + filterJson
                + " in " + config.path() + "; narrow the filter");
    }

    @Override
    public List<WandbRun> runByName(String displayName) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("config.config.netuid", config.netuid());
        f.put("display_name", displayName);
        f.put("state", "running");
        return runs(f);
    }

    @Override
    public Map<String, JsonNode> specsByHotkey() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("config.role", "miner");
        f.put("config.config.netuid", config.netuid());
        f.put("state", "running");
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        for (WandbRun r : runs(f)) {
            JsonNode s = r.config().path("specs");
            // newest first: the first run seen for a hotkey wins
            if (r.hotkey() != null && s.isObject() && !s.isEmpty()) specs.putIfAbsent(r.hotkey(), s);
        }
        return specs;
    }

    @Override
    public void publishAllocated(String validatorHotkey, List<String> allocatedHotkeys) {
        String runId = config.validatorRunId() != null ? config.validatorRunId() : validatorRunOf(validatorHotkey);
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("project", config.project());
        vars.put("entity", config.entity());
        vars.put("name", runId);
        JsonNode run = project(call("run config", RUN_CONFIG_QUERY, vars)).path("run");
        if (run.isMissingNode() || run.isNull()) {
            throw new WandbException("W&B has no run " + runId + " in " + config.path());
        }
        ObjectNode wrapped = parseConfig(run.path("config"));
        Set<String> allocated = new HashSet<>(allocatedHotkeys);
        ArrayNode list = JSON.createArrayNode();
        allocatedHotkeys.forEach(list::add);
        put(wrapped, "allocated_hotkeys", list);
        // §5.4 step 2: each stats row's "allocated" follows the list
        JsonNode stats = unwrap(wrapped.path("stats"));
        if (stats.isObject()) {
            ObjectNode updated = ((ObjectNode) stats).deepCopy();
            updated.fields().forEachRemaining(row -> {
                if (row.getValue() instanceof ObjectNode o && o.has("hotkey")) {
                    o.put("allocated", allocated.contains(o.get("hotkey").asText()));
                }
            });
            put(wrapped, "stats", updated);
        }
        if (signer != null) put(wrapped, "signature", JSON.getNodeFactory().textNode(signer.signatureHex(runId)));
        Map<String, Object> up = new LinkedHashMap<>();
        up.put("name", runId);
        up.put("project", config.project());
        up.put("entity", config.entity());
        up.put("config", write(wrapped));
        JsonNode bucket = call("upsertBucket", UPSERT_CONFIG, up).path("upsertBucket").path("bucket");
        if (bucket.isMissingNode() || bucket.isNull()) {
            throw new WandbException("W&B upsertBucket on run " + runId + " returned no bucket");
        }
        log.info("W&B run {} of {}: allocated_hotkeys = {} hotkeys", runId, config.path(), allocatedHotkeys.size());
    }

    private String validatorRunOf(String hotkey) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("config.role", "validator");
        f.put("config.hotkey", hotkey);
        List<WandbRun> runs = runs(f);
        if (runs.isEmpty()) {
            throw new WandbException("W&B has no validator run for hotkey " + hotkey + " in " + config.path()
                    + "; set WANDB_RUN_ID");
        }
        return runs.getFirst().id();
    }

    /** One GraphQL request; returns {@code data} or throws a {@link WandbException} naming the operation. */
    JsonNode call(String operation, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(config.timeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new WandbException("W&B " + operation + ": no answer within " + config.timeout().toMillis()
                    + " ms from " + endpoint);
        } catch (IOException e) {
            throw new WandbException("W&B " + operation + ": cannot reach " + endpoint + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WandbException("W&B " + operation + ": interrupted");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new WandbException("W&B " + operation + ": " + endpoint + " refused the API key (HTTP " + status
                    + "); check WANDB_API_KEY");
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException e) {
            json = null;
        }
        if (json != null && json.path("errors").isArray() && !json.path("errors").isEmpty()) {
            StringJoiner j = new StringJoiner("; ");
            json.path("errors").forEach(err -> j.add(err.path("message").asText(err.toString())));
            throw new WandbException("W&B " + operation + ": GraphQL error (HTTP " + status + "): " + j);
        }
        if (status / 100 != 2 || json == null || !json.path("data").isObject()) {
            throw new WandbException("W&B " + operation + ": unexpected answer from " + endpoint + " (HTTP " + status
                    + ")" + (json == null ? ", not JSON" : ""));
        }
        return json.path("data");
    }

    private JsonNode project(JsonNode data) {
        JsonNode p = data.path("project");
        if (p.isMissingNode() || p.isNull()) {
            throw new WandbException("W&B has no project " + config.path() + " (or the API key cannot see it)");
        }
        return p;
    }

    private static WandbRun run(JsonNode node) {
        ObjectNode wrapped = parseConfig(node.path("config"));
        ObjectNode plain = JSON.createObjectNode();
        wrapped.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("_wandb")) plain.set(e.getKey(), unwrap(e.getValue()));
        });
        return new WandbRun(node.path("name").asText(), node.path("displayName").asText(null),
                node.path("description").asText(null), node.path("state").asText(null),
                node.path("createdAt").asText(null), plain);
    }

    /** {@code config} arrives as a JSON string of {@code {key: {"value": v, "desc": d}}}. */
    private static ObjectNode parseConfig(JsonNode raw) {
        try {
            JsonNode parsed = raw.isTextual() ? JSON.readTree(raw.asText()) : raw;
            return parsed instanceof ObjectNode o ? o.deepCopy() : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new WandbException("W&B returned a run config that is not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode unwrap(JsonNode entry) {
        return entry.isObject() && entry.has("value") ? entry.get("value") : entry;
    }

    private static void put(ObjectNode wrappedConfig, String key, JsonNode value) {
        ObjectNode entry = JSON.createObjectNode();
        entry.set("value", value);
        entry.putNull("desc");
        wrappedConfig.set(key, entry);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write W&B request JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "WandbClient[" + config + "]";
    }
}
