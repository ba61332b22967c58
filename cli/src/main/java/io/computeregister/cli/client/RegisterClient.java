package io.computeregister.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.cli.CliErrors.UserError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The renter's HTTP client for any register API (docs/protocol.md §2): every business route is a POST with
 * scalars in the query and models in the body, answering the {@code {success, message, data | err_detail}} envelope.
 * Transport failures become a {@link UserError} with exit code 2; an API refusal is returned as an {@link ApiReply}
 * whose {@link ApiReply#orThrow()} makes it a one-line {@link UserError} with exit code 1.
 */
public final class RegisterClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int REFUSED = 1;
    static final int UNREACHABLE = 2;

    private final URI base;
    private final String apiKey;
    private final HttpClient http;

    public RegisterClient(URI base, String apiKey) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI base() {
        return base;
    }

    /** An answer of the API: the HTTP status and the parsed body (null when the body was not JSON). */
    public record ApiReply(String route, int status, JsonNode body, String raw) {

        public boolean ok() {
            return status / 100 == 2 && (body == null || !body.has("success") || body.path("success").asBoolean());
        }

        public String message() {
            return body == null ? "" : body.path("message").asText("");
        }

        /** The envelope's {@code data}, or a missing node. */
        public JsonNode data() {
            return body == null ? JSON.missingNode() : body.path("data");
        }

        public ApiReply orThrow() {
            if (!ok()) throw new UserError(errorLine(), REFUSED);
            return this;
        }

        /** One line for a human: the envelope's message and its err_detail (a string, or the 422 field list). */
        public String errorLine() {
            if (body != null && body.has("message")) {
                String detail = detail(body.has("err_detail") ? body.get("err_detail") : body.get("data"));
                String msg = body.get("message").asText();
                return (detail.isEmpty() || detail.equals(msg) ? msg : msg + ": " + detail) + " (HTTP " + status + ")";
            }
            if (body != null && body.has("detail")) {
                // FastAPI's shape for unknown routes and wrong methods (docs/protocol.md §2.0)
                return body.get("detail").asText() + ": POST " + route + " (HTTP " + status
                        + "); the API at this address may not have this endpoint";
            }
            String text = raw == null ? "" : raw.strip().replaceAll("\\s+", " ");
            if (text.length() > 200) text = text.substring(0, 200) + "…";
            return "HTTP " + status + " from POST " + route + (text.isEmpty() ? "" : ": " + text);
        }

        private static String detail(JsonNode d) {
            if (d == null || d.isNull() || d.isMissingNode()) return "";
            if (d.isArray()) {
                StringJoiner j = new StringJoiner("; ");
                d.forEach(e -> j.add(e.isObject() ? e.path("field").asText() + ": " + e.path("message").asText()
                        : e.asText()));
                return j.toString();
            }
            return d.isValueNode() ? d.asText() : d.toString();
        }
    }

    /** POSTs to {@code path} with the given query parameters (nulls are left out) and JSON body (null = no body). */
    public ApiReply post(String path, Map<String, ?> query, Object body, Duration timeout) {
        return send("POST", path, query, body, timeout);
    }

    /** GETs {@code path} with the given query parameters (nulls are left out). */
    public ApiReply get(String path, Map<String, ?> query, Duration timeout) {
        return send("GET", path, query, null, timeout);
    }

    private ApiReply send(String method, String path, Map<String, ?> query, Object body, Duration timeout) {
        StringJoiner q = new StringJoiner("&");
        if (query != null) {
            query.forEach((k, v) -> {
                if (v != null) q.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            });
        }
        URI uri = URI.create(base + path + (q.length() == 0 ? "" : "?" + q));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (method.equals("GET")) {
            b.GET();
        } else if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(write(body)));
        }
        if (apiKey != null) b.header("Authorization", "Bearer " + apiKey);
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new UserError("the register API at " + base + " did not answer " + method + " " + path + " within "
                    + timeout.toSeconds() + " s", UNREACHABLE);
        } catch (ConnectException e) {
            throw new UserError("cannot reach the register API at " + base + " (connection refused); start it with "
                    + "'compute api' or pass --api URL / set COMPUTE_API", UNREACHABLE);
        } catch (IOException e) {
            throw new UserError("cannot reach the register API at " + base + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while waiting for " + method + " " + path, UNREACHABLE);
        }
        JsonNode parsed;
        try {
            parsed = response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            parsed = null;
        }
        return new ApiReply(path, response.statusCode(), parsed, response.body());
    }

    /** Query map in insertion order, skipping nulls at send time. */
    static Map<String, Object> query(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a request body", e);
        }
    }

    @Override
    public String toString() {
        return "RegisterClient[" + base + (apiKey == null ? ", no key" : ", key=***") + "]";
    }
}
