package io.computeregister.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The HTTP calls a renter makes in these tests. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public ApiClient(int port) {
        this.port = port;
    }

    public JsonNode post(String pathAndQuery, String body, String key) throws Exception {
        return send("POST", pathAndQuery, body, key);
    }

    public JsonNode send(String method, String pathAndQuery, String body, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_status", r.statusCode());
        return node;
    }

    public String renterKey(String adminKey, String tenant) throws Exception {
        return post("/admin/keys", "{\"tenant\":\"" + tenant + "\"}", adminKey).path("data").path("key").asText();
    }

    /** Registers the receiver's URL; returns the secret shown once. */
    public String registerWebhook(String key, String url, String format) throws Exception {
        JsonNode r = post("/webhooks", "{\"url\":\"" + url + "\",\"format\":\"" + format + "\"}", key);
        if (r.path("_status").asInt() != 201) throw new IllegalStateException(r.toString());
        return r.path("data").path("secret").asText();
    }

    public JsonNode allocateSpec(String key) throws Exception {
        return post("/service/allocate_spec", """
                {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 1},
                 "docker_requirement": {"ssh_key": ""}}""", key);
    }
}
