package io.computeregister.protocol.wandb.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.computeregister.protocol.wandb.standin.GraphqlRequest.GraphqlError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A W&amp;B server for tests, built from docs/protocol.md §1.5 (W&amp;B itself cannot be reached from these
 * machines), on a real HTTP port of 127.0.0.1:
 *
 * <pre>
 *   POST /graphql                                    {"query", "variables"} → {"data": ...} | {"errors": [...]}
 *        Basic auth, user "api", password = the key; anything else 401
 *        project(name, entityName) { runs(filters, after, first, order) | run(name) }, mutation upsertBucket(input)
 *        (see WandbSchema; filters evaluated for real, see RunFilter)
 *   POST /files/{entity}/{project}/{run}/file_stream  the W&amp;B client's heartbeat {"complete": false} keeps a run
 *        "running"; {"complete": true, "exitcode": N} finishes it (finished / failed); 404 for an unknown run
 * </pre>
 *
 * What W&amp;B does and docs/protocol.md §1.5 only infers, this stand-in does as inferred: {@code upsertBucket}
 * replaces the stored config with what it receives; a run created by it starts "running"; a heartbeat marks a run
 * "running" again.
 *
 * <p>Tests seed runs as the original Python processes create them ({@link #seedRun}: the config dict wrapped and
 * written as the Python client writes it), read them back raw ({@link #run}), and can make every answer a given
 * status and body ({@link #failWith}) to test a client's bad-input handling.
 */
public final class WandbStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FILE_STREAM = Pattern.compile("/files/([^/]+)/([^/]+)/([^/]+)/file_stream");

    private final String apiKey;
    private final String defaultEntity;
    private final RunStore store;
    private final WandbSchema schema;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger graphqlRequests = new AtomicInteger();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile Failure failure;

    private record Failure(int status, String contentType, String body) {}

    /**
     * Starts on a free port of 127.0.0.1.
     *
     * @param apiKey        the one key it accepts
     * @param defaultEntity the key's own entity, used when a request names none
     */
    public WandbStandIn(String apiKey, String defaultEntity, Clock clock) {
        this.apiKey = apiKey;
        this.defaultEntity = defaultEntity;
        this.store = new RunStore(clock);
        this.schema = new WandbSchema(store, defaultEntity);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the W&B stand-in", e);
        }
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "wandb-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public WandbStandIn(String apiKey) {
        this(apiKey, "neuralinternet", Clock.systemUTC());
    }

    /** {@code http://127.0.0.1:PORT}, what {@code WANDB_BASE_URL} is set to. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The variables a process reads W&amp;B from, pointing at this stand-in with its key. */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WANDB_API_KEY", apiKey);
        env.put("WANDB_BASE_URL", baseUrl());
        return env;
    }

    /**
     * Adds a run as the original's Python process creates it with {@code wandb.init(config=config)}: each key
     * wrapped as {@code {"desc": null, "value": ...}}, the client's own {@code _wandb} key added, written with
     * Python's {@code json.dumps}.
     *
     * @param runId  the 8-character run id (GraphQL {@code Run.name})
     * @param state  "running", "finished", "crashed", ...
     * @param config the config dict (values: strings, numbers, maps, lists, JsonNodes, null)
     */
    public RunSnapshot seedRun(String entity, String project, String runId, String displayName, String state,
                               Instant createdAt, Map<String, ?> config) {
        ObjectNode wrapped = JSON.createObjectNode();
        config.forEach((k, v) -> wrapped.set(k, wrap(JSON.valueToTree(v))));
        wrapped.set("_wandb", wrap(JSON.createObjectNode().put("cli_version", "0.16.6")
                .put("python_version", "3.10.12")));
        return store.seed(entity, project, runId, displayName, state, createdAt, PythonJson.dumps(wrapped));
    }

    /** Adds a run whose stored config is exactly {@code rawConfig} (to test what a client makes of odd configs). */
    public RunSnapshot seedRawRun(String entity, String project, String runId, String displayName, String state,
                                  Instant createdAt, String rawConfig) {
        return store.seed(entity, project, runId, displayName, state, createdAt, rawConfig);
    }

    /** Creates an empty project (a project without runs answers, one that does not exist is {@code null}). */
    public void createProject(String entity, String project) {
        store.createProject(entity, project);
    }

    /** Sets a run's state as W&amp;B would when its process stops ("finished", "crashed", "failed"). */
    public void setState(String entity, String project, String runId, String state) {
        store.setState(entity, project, runId, state);
    }

    public Optional<RunSnapshot> run(String entity, String project, String runId) {
        return store.snapshot(entity, project, runId);
    }

    public List<RunSnapshot> runs(String entity, String project) {
        return store.snapshots(entity, project);
    }

    /** From now on every request gets this status and body (e.g. 200 with an HTML page), until {@link #recover()}. */
    public void failWith(int status, String contentType, String body) {
        failure = new Failure(status, contentType, body);
    }

    public void recover() {
        failure = null;
    }

    /** GraphQL requests answered so far (including refused ones). */
    public int graphqlRequests() {
        return graphqlRequests.get();
    }

    /** File-stream posts that were heartbeats (not "complete"). */
    public int heartbeats() {
        return heartbeats.get();
    }

    private static ObjectNode wrap(JsonNode value) {
        ObjectNode entry = JSON.createObjectNode();
        entry.putNull("desc");
        entry.set("value", value);
        return entry;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean graphql = path.equals("/graphql");
            if (graphql) graphqlRequests.incrementAndGet();
            Failure f = failure;
            if (f != null) {
                send(exchange, f.status(), f.contentType(), f.body());
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, "text/plain", "POST only");
                return;
            }
            if (!authorized(exchange)) {
                sendJson(exchange, 401, errors("user is not logged in"));
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher stream = FILE_STREAM.matcher(path);
            if (graphql) {
                graphql(exchange, body);
            } else if (stream.matches()) {
                fileStream(exchange, stream.group(1), stream.group(2), stream.group(3), body);
            } else {
                send(exchange, 404, "text/plain", "404 page not found");
            }
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString(("api:" + apiKey).getBytes(StandardCharsets.UTF_8));
        return expected.equals(header);
    }

    private void graphql(HttpExchange exchange, String body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            sendJson(exchange, 400, errors("request body is not JSON"));
            return;
        }
        if (request == null || !request.isObject()) {
            sendJson(exchange, 400, errors("request body must be a JSON object"));
            return;
        }
        try {
            GraphqlRequest parsed = GraphqlRequest.parse(request.path("query").asText(null), request.get("variables"));
            ObjectNode answer = JSON.createObjectNode();
            answer.set("data", schema.execute(parsed));
            sendJson(exchange, 200, answer);
        } catch (GraphqlError e) {
            ObjectNode answer = errors(e.getMessage());
            answer.putNull("data");
            sendJson(exchange, 200, answer);
        }
    }

    private void fileStream(HttpExchange exchange, String entity, String project, String runId, String body)
            throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            sendJson(exchange, 400, JSON.createObjectNode().put("error", "body is not JSON"));
            return;
        }
        boolean complete = request != null && request.path("complete").asBoolean(false);
        int exitCode = request == null ? 0 : request.path("exitcode").asInt(0);
        if (!store.fileStream(entity, project, runId, complete, exitCode)) {
            sendJson(exchange, 404, JSON.createObjectNode().put("error", "run " + entity + "/" + project + "/" + runId
                    + " not found"));
            return;
        }
        if (!complete) heartbeats.incrementAndGet();
        ObjectNode answer = JSON.createObjectNode();
        answer.putNull("exitcode");
        answer.putObject("limits");
        sendJson(exchange, 200, answer);
    }

    private static ObjectNode errors(String message) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("errors");
        list.addObject().put("message", message);
        return answer;
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "WandbStandIn[" + baseUrl() + ", entity " + defaultEntity + "]";
    }
}
