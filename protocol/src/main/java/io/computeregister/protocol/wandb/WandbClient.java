package io.computeregister.protocol.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The W&amp;B calls the original's Python processes make, over W&amp;B's GraphQL API (docs/protocol.md §1.2, §1.5,
 * §5.4), for the API and the miner alike: the runs query with a MongoDB-style filter and cursor paging, one run by
 * its id, {@code upsertBucket} with the whole wrapped config, and the file-stream heartbeat that keeps a run
 * "running". One project ({@link WandbConfig#path()}) per client. Thread-safe; every call is bounded by the
 * configured timeout, and paging is capped so a huge project cannot keep a call running.
 */
public final class WandbClient {

    private static final Logger log = LoggerFactory.getLogger(WandbClient.class);
    static final int PER_PAGE = 100;
    static final int MAX_PAGES = 50;

    static final String RUNS_QUERY = """
            query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
              project(name: $project, entityName: $entity) {
                runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
                  edges { node { id name displayName description state createdAt heartbeatAt config } cursor }
                  pageInfo { endCursor hasNextPage }
                }
              }
            }""";

    static final String RUN_QUERY = """
            query Run($project: String!, $entity: String!, $name: String!) {
              project(name: $project, entityName: $entity) {
                run(name: $name) { id name displayName state createdAt heartbeatAt config }
              }
            }""";

    // displayName is part of the W&B client's own UpsertBucket input: it is how a run gets its "miner-<hotkey>" name.
    static final String UPSERT_BUCKET = """
            mutation UpsertBucket($name: String, $project: String, $entity: String, $displayName: String, $config: JSONString) {
              upsertBucket(input: {name: $name, modelName: $project, entityName: $entity, displayName: $displayName, config: $config}) {
                bucket { id name }
                inserted
              }
            }""";

    private final WandbConfig config;
    private final WandbHttp http;

    public WandbClient(WandbConfig config) {
        this.config = config;
        this.http = new WandbHttp(config);
    }

    public WandbConfig config() {
        return config;
    }

    /**
     * Runs of the project matching a MongoDB-style filter, exactly as the original passes them to
     * {@code api.runs(path, filters)} (e.g. {@code {"$and": [{"config.role": "miner"}, {"state": "running"}]}}),
     * newest first, every page.
     *
     * @throws WandbException when W&amp;B cannot be read, answers an error, or a run's config is not JSON
     */
    public List<WandbRun> runs(Map<String, Object> filters) {
        String filterJson = WandbHttp.write(filters == null ? Map.of() : filters);
        List<WandbRun> out = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, Object> vars = projectVariables();
            vars.put("cursor", cursor);
            vars.put("perPage", PER_PAGE);
            vars.put("order", "-created_at");
            vars.put("filters", filterJson);
            JsonNode runs = project(http.graphql("runs", RUNS_QUERY, vars)).path("runs");
            for (JsonNode edge : runs.path("edges")) out.add(run(edge.path("node")));
            JsonNode info = runs.path("pageInfo");
            if (!info.path("hasNextPage").asBoolean(false)) {
                log.debug("W&B runs {}: {} runs", filterJson, out.size());
                return out;
            }
            cursor = info.path("endCursor").asText(null);
            if (cursor == null) {
                throw new WandbException("W&B runs: hasNextPage without an endCursor from " + http.graphqlEndpoint());
            }
        }
        throw new WandbException("W&B runs: more than " + MAX_PAGES * PER_PAGE + " runs match " + filterJson
                + " in " + config.path() + "; narrow the filter");
    }

    /**
     * The run with this id ({@code Run.name}) and its wrapped config, for a read-modify-write; empty when there is no
     * such run (or no such project yet: the first {@link #upsert} creates both).
     */
    public Optional<StoredRun> run(String runId) {
        Map<String, Object> vars = projectVariables();
        vars.put("name", runId);
        JsonNode node = http.graphql("run " + runId, RUN_QUERY, vars).path("project").path("run");
        if (node.isMissingNode() || node.isNull()) return Optional.empty();
        return Optional.of(new StoredRun(node.path("name").asText(runId), node.path("displayName").asText(null),
                node.path("state").asText(null), RunConfig.parse(node.path("config"))));
    }

    /** A run as stored, with its config still wrapped so that it can be changed and written back whole. */
    public record StoredRun(String id, String displayName, String state, RunConfig config) {}

    /**
     * {@code upsertBucket}: creates the run on first use, else REPLACES its stored config with {@code runConfig}
     * (so send the whole config: read it with {@link #run}, change keys, write it back).
     *
     * @param displayName the run's display name, or null to leave it as it is
     */
    public void upsert(String runId, String displayName, RunConfig runConfig) {
        Map<String, Object> vars = projectVariables();
        vars.put("name", runId);
        vars.put("displayName", displayName);
        vars.put("config", runConfig.toJsonString());
        JsonNode bucket = http.graphql("upsertBucket " + runId, UPSERT_BUCKET, vars).path("upsertBucket")
                .path("bucket");
        if (bucket.isMissingNode() || bucket.isNull()) {
            throw new WandbException("W&B upsertBucket on run " + runId + " returned no bucket");
        }
    }

    /** The W&amp;B client's heartbeat on the run's file stream: W&amp;B keeps a run "running" while they arrive. */
    public void heartbeat(String runId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("complete", false);
        body.put("failed", false);
        http.fileStream("heartbeat " + runId, runId, body);
    }

    /** The W&amp;B client's last word on a run ({@code wandb.finish}): W&amp;B marks it finished (0) or failed. */
    public void finish(String runId, int exitCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("complete", true);
        body.put("exitcode", exitCode);
        http.fileStream("finish " + runId, runId, body);
    }

    private Map<String, Object> projectVariables() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("project", config.project());
        vars.put("entity", config.entity());
        return vars;
    }

    private JsonNode project(JsonNode data) {
        JsonNode p = data.path("project");
        if (p.isMissingNode() || p.isNull()) {
            throw new WandbException("W&B has no project " + config.path() + " (or the API key cannot see it)");
        }
        return p;
    }

    private static WandbRun run(JsonNode node) {
        return new WandbRun(node.path("name").asText(), node.path("displayName").asText(null),
                node.path("description").asText(null), node.path("state").asText(null),
                node.path("createdAt").asText(null), node.path("heartbeatAt").asText(null),
                RunConfig.parse(node.path("config")).plain());
    }

    @Override
    public String toString() {
        return "WandbClient[" + config + "]";
    }
}
