package io.computeregister.protocol.wandb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The HTTP side of W&amp;B (java.net.http): GraphQL at {@code {base}/graphql} and the run's file stream, both with
 * HTTP Basic auth, user {@code api}, the API key as password (docs/protocol.md §1.5). Every failure is a
 * {@link WandbException} naming the operation, the address and the reason, never the key. Thread-safe.
 */
final class WandbHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    private final WandbConfig config;
    private final HttpClient http;
    private final URI graphql;
    private final String authorization;

    WandbHttp(WandbConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        this.graphql = URI.create(config.baseUrl() + "/graphql");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("api:" + config.apiKey()).getBytes(StandardCharsets.UTF_8));
    }

    URI graphqlEndpoint() {
        return graphql;
    }

    /** One GraphQL request; returns {@code data}. GraphQL errors are failures, not an empty answer. */
    JsonNode graphql(String operation, String query, Map<String, Object> variables) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        HttpResponse<String> response = post(operation, graphql, body);
        int status = response.statusCode();
        refusedKey(operation, graphql, status);
        JsonNode json = parse(response.body());
        if (json != null && json.path("errors").isArray() && !json.path("errors").isEmpty()) {
            StringJoiner j = new StringJoiner("; ");
            json.path("errors").forEach(err -> j.add(err.path("message").asText(err.toString())));
            throw new WandbException("W&B " + operation + ": GraphQL error (HTTP " + status + "): " + j);
        }
        if (status / 100 != 2 || json == null || !json.path("data").isObject()) {
            throw new WandbException("W&B " + operation + ": unexpected answer from " + graphql + " (HTTP " + status
                    + ")" + (json == null ? ", not JSON" : ""));
        }
        return json.path("data");
    }

    /**
     * One post to the run's file stream ({@code {base}/files/{entity}/{project}/{run}/file_stream}), where the W&amp;B
     * client sends its heartbeats and its final "complete".
     */
    void fileStream(String operation, String runId, Map<String, Object> body) {
        URI endpoint = URI.create(config.baseUrl() + "/files/" + config.entity() + "/" + config.project() + "/"
                + runId + "/file_stream");
        HttpResponse<String> response = post(operation, endpoint, body);
        int status = response.statusCode();
        refusedKey(operation, endpoint, status);
        if (status / 100 != 2) {
            throw new WandbException("W&B " + operation + ": unexpected answer from " + endpoint + " (HTTP " + status
                    + ")");
        }
    }

    private HttpResponse<String> post(String operation, URI endpoint, Object body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(config.timeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
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
    }

    private static void refusedKey(String operation, URI endpoint, int status) {
        if (status == 401 || status == 403) {
            throw new WandbException("W&B " + operation + ": " + endpoint + " refused the API key (HTTP " + status
                    + "); check WANDB_API_KEY");
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write W&B request JSON: " + e.getOriginalMessage(), e);
        }
    }
}
