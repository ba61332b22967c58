package io.computeregister.protocol.wandb.standin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stand-in against the W&amp;B wire facts (docs/protocol.md §1.5), through raw HTTP and GraphQL documents shaped
 * as the Python client sends them, not through our client: auth, the filters the original uses, order and paging,
 * run by name, upsertBucket replacing the config, the file stream, and broken answers on demand.
 */
class WandbStandInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "standin-key-0123456789abcdef0123456789abcdef012345";
    private static final String E = "neuralinternet";
    private static final String P = "opencompute";
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final String RUNS = """
            query Runs($project: String!, $entity: String!, $cursor: String, $perPage: Int = 50, $order: String, $filters: JSONString) {
              project(name: $project, entityName: $entity) {
                runs(filters: $filters, after: $cursor, first: $perPage, order: $order) {
                  edges { node { id name displayName state createdAt config } cursor }
                  pageInfo { endCursor hasNextPage }
                }
              }
            }""";

    private final HttpClient http = HttpClient.newHttpClient();
    private WandbStandIn wandb;

    @BeforeEach
    void start() {
        wandb = new WandbStandIn(KEY, E, Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        wandb.close();
    }

    private JsonNode post(String path, String authorization, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(wandb.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        body instanceof String s ? s : JSON.writeValueAsString(body)));
        if (authorization != null) b.header("Authorization", authorization);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        ObjectNode out = JSON.createObjectNode();
        out.put("status", r.statusCode());
        out.put("raw", r.body());
        try {
            out.set("body", JSON.readTree(r.body()));
        } catch (Exception e) {
            out.putNull("body");
        }
        return out;
    }

    private static String basic(String user, String key) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode graphql(String query, Map<String, Object> variables) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return post("/graphql", basic("api", KEY), body);
    }

    /** The run ids a filter selects, over every page, as the Python client pages them. */
    private List<String> runIds(Object filters, String order, int perPage) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 20; page++) {
            Map<String, Object> vars = new LinkedHashMap<>();
            vars.put("project", P);
            vars.put("entity", E);
            vars.put("cursor", cursor);
            vars.put("perPage", perPage);
            vars.put("order", order);
            vars.put("filters", filters instanceof String s ? s : JSON.writeValueAsString(filters));
            JsonNode answer = graphql(RUNS, vars);
            assertThat(answer.path("body").has("errors")).as(answer.toString()).isFalse();
            JsonNode runs = answer.path("body").path("data").path("project").path("runs");
            runs.path("edges").forEach(e -> ids.add(e.path("node").path("name").asText()));
            if (!runs.path("pageInfo").path("hasNextPage").asBoolean()) return ids;
            cursor = runs.path("pageInfo").path("endCursor").asText();
        }
        throw new AssertionError("paging never ended");
    }

    private static Map<String, Object> miner(String hotkey, int netuid, Object allocated) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("role", "miner");
        config.put("hotkey", hotkey);
        config.put("config", Map.of("netuid", netuid));
        config.put("specs", Map.of("cpu", Map.of("count", 8)));
        config.put("allocated", allocated);
        config.put("signature", "00");
        return config;
    }

    /** A small opencompute project: the runs the original's filters must tell apart. */
    private void seedProject() {
        Map<String, Object> noAllocatedKey = miner("5Fnokey", 27, null);
        noAllocatedKey.remove("allocated");
        wandb.seedRun(E, P, "minerfre", "miner-5Ffree", "running", T0.plusSeconds(60), miner("5Ffree", 27, null));
        wandb.seedRun(E, P, "minerrnt", "miner-5Frented", "running", T0.plusSeconds(50),
                miner("5Frented", 27, "5Cvalidator"));
        wandb.seedRun(E, P, "minernok", "miner-5Fnokey", "running", T0.plusSeconds(40), noAllocatedKey);
        wandb.seedRun(E, P, "minerstp", "miner-5Fstopped", "finished", T0.plusSeconds(30),
                miner("5Fstopped", 27, null));
        wandb.seedRun(E, P, "minersn1", "miner-5Fsubnet1", "running", T0.plusSeconds(20), miner("5Fsubnet1", 1, null));
        Map<String, Object> validator = new LinkedHashMap<>();
        validator.put("role", "validator");
        validator.put("hotkey", "5Cvalidator");
        validator.put("config", Map.of("netuid", 27));
        validator.put("allocated_hotkeys", List.of("5Frented"));
        wandb.seedRun(E, P, "valid001", "validator-5Cvalidator", "running", T0.plusSeconds(10), validator);
    }

    @Test
    void only_basic_auth_as_user_api_with_the_key_is_let_in() throws Exception {
        Map<String, Object> body = Map.of("query", "{ project(name: \"opencompute\") { name } }");
        assertThat(post("/graphql", null, body).path("status").asInt()).isEqualTo(401);
        assertThat(post("/graphql", basic("api", "wrong"), body).path("status").asInt()).isEqualTo(401);
        assertThat(post("/graphql", basic("someone", KEY), body).path("status").asInt()).isEqualTo(401);
        JsonNode ok = post("/graphql", basic("api", KEY), body);
        assertThat(ok.path("status").asInt()).isEqualTo(200);
        assertThat(ok.path("body").path("data").path("project").isNull()).as("no such project yet").isTrue();
    }

    @Test
    void the_validators_miner_filter_selects_running_miners_of_its_subnet_newest_first() throws Exception {
        seedProject();
        // the original validator's get_miner_specs filter, verbatim from the wire facts
        String filter = "{\"$and\": [{\"config.role\": \"miner\"}, {\"config.config.netuid\": 27}, "
                + "{\"state\": \"running\"}]}";

        assertThat(runIds(filter, "-created_at", 50)).containsExactly("minerfre", "minerrnt", "minernok");
    }

    @Test
    void regex_exists_in_and_equality_follow_mongodb_on_the_unwrapped_values() throws Exception {
        seedProject();
        // the RegisterAPI's "available" filter: allocated is null (regex "null") or absent
        assertThat(runIds(Map.of("config.role", "miner", "$or", List.of(
                Map.of("config.allocated", Map.of("$regex", "null")),
                Map.of("config.allocated", Map.of("$exists", false)))), "-created_at", 50))
                .containsExactlyInAnyOrder("minerfre", "minernok", "minerstp", "minersn1");
        // "rented": allocated holds a hotkey (SS58 keys start with the digit 5)
        assertThat(runIds(Map.of("config.allocated", Map.of("$regex", "\\d.*")), "-created_at", 50))
                .containsExactly("minerrnt");
        // a regex on a list sees its JSON text: the validators holding any miner
        assertThat(runIds(Map.of("config.allocated_hotkeys", Map.of("$regex", "\\d.*")), "-created_at", 50))
                .containsExactly("valid001");
        assertThat(runIds(Map.of("config.allocated", Map.of("$exists", true)), "-created_at", 50))
                .doesNotContain("minernok", "valid001");
        assertThat(runIds(Map.of("config.hotkey", Map.of("$in", List.of("5Ffree", "5Fsubnet1"))), "-created_at", 50))
                .containsExactly("minerfre", "minersn1");
        // top-level keys are ANDed; a number equals its float form; display_name is the run's display name
        assertThat(runIds("{\"config.config.netuid\": 27.0, \"display_name\": \"miner-5Frented\", "
                + "\"state\": \"running\"}", "-created_at", 50)).containsExactly("minerrnt");
        // a path below the wrapper's value
        assertThat(runIds(Map.of("config.specs.cpu.count", 8), "-created_at", 50)).hasSize(5);
        // an array value matches an element equal to the filter value
        assertThat(runIds(Map.of("config.allocated_hotkeys", "5Frented"), "-created_at", 50))
                .containsExactly("valid001");
    }

    @Test
    void pages_follow_the_end_cursor_in_the_requested_order() throws Exception {
        seedProject();

        assertThat(runIds("{}", "-created_at", 2))
                .containsExactly("minerfre", "minerrnt", "minernok", "minerstp", "minersn1", "valid001");
        assertThat(runIds("{}", "+created_at", 4))
                .containsExactly("valid001", "minersn1", "minerstp", "minernok", "minerrnt", "minerfre");
    }

    @Test
    void a_bad_filter_or_an_unknown_field_is_a_graphql_error_not_an_empty_answer() throws Exception {
        seedProject();
        Map<String, Object> vars = new LinkedHashMap<>(Map.of("project", P, "entity", E));
        vars.put("filters", "{\"config.role\": {\"$where\": \"1\"}}");
        JsonNode unknownOperator = graphql(RUNS, vars);
        assertThat(unknownOperator.path("body").path("errors").get(0).path("message").asText())
                .contains("$where");
        assertThat(unknownOperator.path("body").path("data").isNull()).isTrue();

        vars.put("filters", "{not json");
        assertThat(graphql(RUNS, vars).path("body").path("errors")).isNotEmpty();

        JsonNode unknownField = graphql("{ project(name: \"opencompute\", entityName: \"neuralinternet\") "
                + "{ run(name: \"minerfre\") { name gpuCount } } }", Map.of());
        assertThat(unknownField.path("body").path("errors").get(0).path("message").asText())
                .isEqualTo("Cannot query field \"gpuCount\" on type \"Run\".");
    }

    @Test
    void a_run_is_found_by_its_run_id_and_carries_its_config_as_the_python_client_wrote_it() throws Exception {
        seedProject();
        String query = """
                query Run($project: String!, $entity: String!, $name: String!) {
                  project(name: $project, entityName: $entity) {
                    run(name: $name) { id name displayName state createdAt config }
                  }
                }""";

        JsonNode run = graphql(query, Map.of("project", P, "entity", E, "name", "minerrnt"))
                .path("body").path("data").path("project").path("run");
        assertThat(run.path("name").asText()).isEqualTo("minerrnt");
        assertThat(run.path("displayName").asText()).isEqualTo("miner-5Frented");
        assertThat(run.path("createdAt").asText()).isEqualTo("2026-11-20T08:00:50");
        assertThat(new String(Base64.getDecoder().decode(run.path("id").asText()), StandardCharsets.UTF_8))
                .isEqualTo("Run:v1:minerrnt:opencompute:neuralinternet");
        assertThat(run.path("config").isTextual()).as("config is a JSONString").isTrue();
        assertThat(run.path("config").asText()).startsWith("{\"role\": {\"desc\": null, \"value\": \"miner\"}, ")
                .contains("\"allocated\": {\"desc\": null, \"value\": \"5Cvalidator\"}")
                .contains("\"_wandb\": {\"desc\": null, \"value\": {\"cli_version\": ");
        assertThat(graphql(query, Map.of("project", P, "entity", E, "name", "nosuchid"))
                .path("body").path("data").path("project").path("run").isNull()).isTrue();
    }

    @Test
    void upsert_bucket_creates_a_running_run_then_replaces_its_whole_config() throws Exception {
        String upsert = """
                mutation UpsertBucket($name: String, $project: String, $entity: String, $config: JSONString) {
                  upsertBucket(input: {name: $name, modelName: $project, entityName: $entity, config: $config}) {
                    bucket { id name } inserted
                  }
                }""";
        String first = "{\"role\": {\"value\": \"miner\", \"desc\": null}, "
                + "\"specs\": {\"value\": {\"cpu\": {}}, \"desc\": null}}";
        JsonNode created = graphql(upsert, Map.of("name", "newrun01", "project", P, "entity", E, "config", first));
        assertThat(created.path("body").path("data").path("upsertBucket").path("inserted").asBoolean()).isTrue();
        assertThat(created.path("body").path("data").path("upsertBucket").path("bucket").path("name").asText())
                .isEqualTo("newrun01");
        assertThat(wandb.run(E, P, "newrun01")).get().extracting(RunSnapshot::state).isEqualTo("running");

        String second = "{\"role\": {\"value\": \"miner\", \"desc\": null}, "
                + "\"allocated\": {\"value\": null, \"desc\": null}}";
        JsonNode updated = graphql(upsert, Map.of("name", "newrun01", "project", P, "entity", E, "config", second));
        assertThat(updated.path("body").path("data").path("upsertBucket").path("inserted").asBoolean()).isFalse();

        RunSnapshot stored = wandb.run(E, P, "newrun01").orElseThrow();
        assertThat(stored.config()).isEqualTo(second);
        assertThat(stored.value("specs").isMissingNode()).as("a key not sent is gone").isTrue();
        assertThat(stored.createdAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void the_file_stream_keeps_a_run_running_and_completes_it() throws Exception {
        seedProject();
        wandb.setState(E, P, "minerfre", "crashed");
        String path = "/files/" + E + "/" + P + "/minerfre/file_stream";

        assertThat(post(path, basic("api", KEY), Map.of("complete", false, "failed", false)).path("status").asInt())
                .isEqualTo(200);
        assertThat(wandb.run(E, P, "minerfre").orElseThrow().state()).isEqualTo("running");
        assertThat(wandb.heartbeats()).isEqualTo(1);

        post(path, basic("api", KEY), Map.of("complete", true, "exitcode", 0));
        assertThat(wandb.run(E, P, "minerfre").orElseThrow().state()).isEqualTo("finished");
        post(path, basic("api", KEY), Map.of("complete", true, "exitcode", 1));
        assertThat(wandb.run(E, P, "minerfre").orElseThrow().state()).isEqualTo("failed");

        assertThat(post("/files/" + E + "/" + P + "/nosuchid/file_stream", basic("api", KEY), Map.of("complete", false))
                .path("status").asInt()).isEqualTo(404);
        assertThat(post(path, null, Map.of("complete", false)).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void every_answer_can_be_made_a_broken_page_and_back() throws Exception {
        seedProject();
        wandb.failWith(200, "text/html", "<html>maintenance</html>");

        JsonNode broken = graphql(RUNS, Map.of("project", P, "entity", E));
        assertThat(broken.path("status").asInt()).isEqualTo(200);
        assertThat(broken.path("raw").asText()).isEqualTo("<html>maintenance</html>");

        wandb.recover();
        assertThat(runIds("{}", "-created_at", 50)).hasSize(6);
    }
}
