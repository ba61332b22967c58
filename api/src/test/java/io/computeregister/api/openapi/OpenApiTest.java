package io.computeregister.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.http.Route;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.TestDb;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document covers the whole route table and is internally consistent. */
class OpenApiTest {

    private TestDb db;
    private ApiHarness api;

    @BeforeEach
    void start() {
        db = TestDb.open(TestDb.Kind.SQLITE);
        api = new ApiHarness(db);
    }

    @AfterEach
    void stop() {
        api.close();
        db.close();
    }

    @Test
    void every_registered_route_and_documented_parameter_is_in_the_spec() throws Exception {
        var r = api.get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        OpenAPI spec = Json.mapper().readValue(r.raw(), OpenAPI.class);
        assertThat(spec.getOpenapi()).startsWith("3.");
        List<Route> table = api.server.routes();
        assertThat(table).hasSizeGreaterThan(25);
        for (Route route : table) {
            PathItem item = spec.getPaths().get(route.path());
            assertThat(item).as(route.path()).isNotNull();
            Operation op = item.readOperationsMap()
                    .get(PathItem.HttpMethod.valueOf(route.method().name().toUpperCase(Locale.ROOT)));
            assertThat(op).as(route.method() + " " + route.path()).isNotNull();
            assertThat(op.getSummary()).isEqualTo(route.summary());
            List<String> params = new ArrayList<>();
            if (op.getParameters() != null) op.getParameters().forEach(p -> params.add(p.getIn() + ":" + p.getName()));
            List<String> documented = new ArrayList<>();
            route.doc().params().forEach(p -> documented.add(p.in().name().toLowerCase(Locale.ROOT) + ":" + p.name()));
            assertThat(params).as(route.path()).containsExactlyElementsOf(documented);
            assertThat(op.getResponses()).as(route.path()).isNotEmpty();
            if (route.doc().body() != null) assertThat(op.getRequestBody()).as(route.path()).isNotNull();
        }
        assertThat(spec.getPaths()).containsKey("/connect");
    }

    @Test
    void every_ref_resolves_and_schemas_use_the_wire_names() throws Exception {
        JsonNode tree = Json.mapper().readTree(api.get("/openapi.json").raw());
        JsonNode schemas = tree.path("components").path("schemas");
        List<String> refs = new ArrayList<>();
        collectRefs(tree, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/components/schemas/");
            assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
        }
        assertThat(schemas.path("AllocationView").path("properties").has("ssh_password")).isTrue();
        assertThat(schemas.path("Resource").path("properties").has("allocate_status")).isTrue();
        assertThat(schemas.path("ResourceQuery").path("properties").has("gpu_capacity_min")).isTrue();
        JsonNode body = tree.path("paths").path("/service/check_miner_status").path("post").path("requestBody");
        assertThat(body.path("content").path("application/json").path("schema").path("type").asText())
                .isEqualTo("array");
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) out.add(e.getValue().asText());
                else collectRefs(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }

    @Test
    void swagger_ui_is_served_from_the_webjar() {
        var page = api.get("/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw()).contains("/docs/swagger-ui-bundle.js").contains("/openapi.json");
        var bundle = api.get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.raw().length()).isGreaterThan(100_000);
        assertThat(api.get("/docs/..%2Fpom.properties").status()).isEqualTo(404);
    }

    @Test
    void health_and_metrics_report_the_process() {
        var health = api.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("store").asText()).isEqualTo("ok");
        assertThat(health.body().path("miners").path("up").asInt()).isZero();
        assertThat(health.body().path("leader").asBoolean()).as("a bare server runs no background jobs").isFalse();
        api.get("/");
        var metrics = api.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw()).contains("http_server_requests_seconds_count").contains("route=\"/\"")
                .contains("compute_miners");
    }
}
