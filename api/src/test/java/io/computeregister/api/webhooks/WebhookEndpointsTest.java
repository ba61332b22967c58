package io.computeregister.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST/GET/DELETE /webhooks} over HTTP: validation naming the field, secret shown once, tenant isolation. */
class WebhookEndpointsTest {

    private static final String ADMIN_KEY = "cr_endpoints-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private ApiMain api;
    private ApiClient client;
    private String acme;
    private String other;

    @BeforeEach
    void start() throws Exception {
        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of())));
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofHours(1)).withWebhookTargets(WebhookTargets.ANY), Keypair.fromSuri("//Alice"), new StaticMetagraphSource(metagraph, 27),
                null, Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        client = new ApiClient(api.port());
        acme = client.renterKey(ADMIN_KEY, "acme");
        other = client.renterKey(ADMIN_KEY, "other");
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
    }

    @Test
    void bad_registrations_get_422_naming_the_field_and_nothing_is_stored() throws Exception {
        assertThat(fields(client.post("/webhooks", "{}", acme))).containsExactly("url");
        assertThat(fields(client.post("/webhooks", "{\"url\":\"ftp://x.example/h\"}", acme))).containsExactly("url");
        assertThat(fields(client.post("/webhooks", "{\"url\":\"http://u:p@x.example/h\"}", acme)))
                .containsExactly("url");
        assertThat(fields(client.post("/webhooks", "{\"url\":\"https://x.example/h\",\"secret\":\"short\"}", acme)))
                .containsExactly("secret");
        assertThat(fields(client.post("/webhooks", "{\"url\":\"https://x.example/h\",\"format\":\"xml\"}", acme)))
                .containsExactly("format");
        assertThat(client.send("GET", "/webhooks", null, acme).path("data")).isEmpty();
        assertThat(client.post("/webhooks", "{\"url\":\"https://x.example/h\"}", null).path("_status").asInt())
                .isEqualTo(401);
    }

    @Test
    void the_secret_is_shown_once_and_each_tenant_sees_and_deletes_only_its_own() throws Exception {
        JsonNode created = client.post("/webhooks", "{\"url\":\"https://hooks.acme.example/compute\"}", acme);
        assertThat(created.path("_status").asInt()).isEqualTo(201);
        String id = created.path("data").path("id").asText();
        assertThat(created.path("data").path("secret").asText()).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(created.path("data").path("format").asText()).isEqualTo("compute");

        JsonNode chosen = client.post("/webhooks", "{\"url\":\"https://hooks.acme.example/old\","
                + "\"secret\":\"my-own-secret-0123456789\",\"format\":\"original\"}", acme);
        assertThat(chosen.path("data").path("secret").asText()).isEqualTo("my-own-secret-0123456789");

        JsonNode listed = client.send("GET", "/webhooks", null, acme);
        assertThat(listed.path("data")).hasSize(2);
        assertThat(listed.toString()).doesNotContain("secret").doesNotContain("whsec_");
        assertThat(client.send("GET", "/webhooks", null, other).path("data")).isEmpty();

        // Another tenant's webhook looks exactly like a missing one.
        JsonNode foreign = client.send("DELETE", "/webhooks/" + id, null, other);
        JsonNode missing = client.send("DELETE", "/webhooks/no-such-id", null, other);
        assertThat(foreign.path("_status").asInt()).isEqualTo(404);
        assertThat(foreign).isEqualTo(missing);

        assertThat(client.send("DELETE", "/webhooks/" + id, null, acme).path("success").asBoolean()).isTrue();
        assertThat(client.send("GET", "/webhooks", null, acme).path("data")).hasSize(1);
    }

    @Test
    void by_default_a_url_into_the_apis_own_network_is_refused_naming_the_field() throws Exception {
        Path metagraph = tmp.resolve("metagraph.json");
        try (ApiMain strict = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("strict"), null, null,
                        AuthMode.KEYS, List.of(), true, Duration.ofHours(1)), Keypair.fromSuri("//Alice"),
                new StaticMetagraphSource(metagraph, 27), null, Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY),
                new PrintStream(new ByteArrayOutputStream()))) {
            ApiClient strictClient = new ApiClient(strict.port());
            String renter = strictClient.renterKey(ADMIN_KEY, "acme");
            for (String url : List.of("http://127.0.0.1:8080/hook", "http://169.254.169.254/latest/meta-data/",
                    "https://[::1]/h", "http://10.0.0.5/h", "http://localhost:9000/h")) {
                JsonNode refused = strictClient.post("/webhooks", "{\"url\":\"" + url + "\"}", renter);
                assertThat(fields(refused)).as(url).containsExactly("url");
                assertThat(refused.path("err_detail").get(0).path("message").asText()).as(url)
                        .contains("not a public address");
            }
            JsonNode publicTarget = strictClient.post("/webhooks", "{\"url\":\"https://8.8.8.8/h\"}", renter);
            assertThat(publicTarget.path("_status").asInt()).as(publicTarget.toString()).isEqualTo(201);
            assertThat(strictClient.send("GET", "/webhooks", null, renter).path("data")).hasSize(1);
        }
    }

    private static List<String> fields(JsonNode response) {
        assertThat(response.path("_status").asInt()).as(response.toString()).isEqualTo(422);
        return java.util.stream.StreamSupport.stream(response.path("err_detail").spliterator(), false)
                .map(e -> e.path("field").asText()).toList();
    }
}
