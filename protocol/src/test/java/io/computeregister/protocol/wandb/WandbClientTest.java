package io.computeregister.protocol.wandb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The W&B GraphQL client against recorded-shape responses (src/test/resources/wandb) served by WireMock. */
class WandbClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "wandb-secret-0123456789abcdef0123456789abcdef01234567";
    private static final String HK_4090 = "5F3sa2TJAWMqDhXG6jhV4N8ko9SxwGy8TpaNS1repo5EYjQX";
    private static final String VALIDATOR = "5CSZ1tTW8kTzmwPgpwE9LKXwszCWq4aKymC4U3hA3S5Hsk2d";

    private WireMockServer wandb;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger wandbLogger;

    @BeforeEach
    void start() {
        wandb = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wandb.start();
        wandbLogger = (Logger) LoggerFactory.getLogger("io.computeregister.protocol.wandb");
        wandbLogger.setLevel(Level.DEBUG);
        logs.start();
        wandbLogger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        wandbLogger.detachAppender(logs);
        wandb.stop();
        // nothing this client logged, at any level, may carry the key
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(KEY));
    }

    private WandbClient client(Duration timeout) {
        return new WandbClient(new WandbConfig(URI.create(wandb.baseUrl()), "neuralinternet", "opencompute", 27, null,
                KEY, timeout));
    }

    private WandbClient client() {
        return client(Duration.ofSeconds(5));
    }

    @Test
    void runs_follow_the_cursor_across_pages_and_unwrap_config_values() {
        RecordedWandb.serveMinerPages(wandb);

        List<WandbRun> runs = client().runs(Map.of("config.role", "miner"));

        assertThat(runs).extracting(WandbRun::id).containsExactly("k2m9x0aa", "p0q1r2bb", "z9y8x7cc", "old1old1");
        WandbRun first = runs.getFirst();
        assertThat(first.name()).isEqualTo("miner-" + HK_4090);
        assertThat(first.state()).isEqualTo("running");
        assertThat(first.createdAt()).isEqualTo("2026-11-20T08:14:03");
        assertThat(first.hotkey()).isEqualTo(HK_4090);
        assertThat(first.role()).isEqualTo("miner");
        assertThat(first.config().path("config").path("netuid").asInt()).isEqualTo(27);
        assertThat(first.config().path("specs").path("gpu").path("details").get(0).path("name").asText())
                .isEqualTo("NVIDIA GeForce RTX 4090");
        assertThat(first.config().has("_wandb")).isFalse();
        assertThat(runs.get(2).config().path("allocated").asText()).isEqualTo(VALIDATOR);
    }

    @Test
    void the_filter_goes_as_a_json_string_and_the_key_as_basic_auth_for_user_api() {
        RecordedWandb.serveMinerPages(wandb);
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("config.role", "miner");
        filter.put("state", "running");

        client().runs(filter);

        String basic = "Basic " + Base64.getEncoder().encodeToString(("api:" + KEY).getBytes(StandardCharsets.UTF_8));
        wandb.verify(2, postRequestedFor(urlEqualTo("/graphql"))
                .withHeader("Authorization", equalTo(basic))
                .withRequestBody(matchingJsonPath("$.variables.filters",
                        equalTo("{\"config.role\":\"miner\",\"state\":\"running\"}")))
                .withRequestBody(matchingJsonPath("$.variables.project", equalTo("opencompute")))
                .withRequestBody(matchingJsonPath("$.variables.entity", equalTo("neuralinternet"))));
    }

    @Test
    void a_refused_key_is_a_clear_exception_without_the_key() {
        wandb.stubFor(post(urlEqualTo("/graphql")).willReturn(aResponse().withStatus(401)
                .withBody("{\"errors\":[{\"message\":\"user is not logged in\"}]}")));

        assertThatThrownBy(() -> client().runs(Map.of()))
                .isInstanceOf(WandbException.class)
                .hasMessage("W&B runs: " + wandb.baseUrl()
                        + "/graphql refused the API key (HTTP 401); check WANDB_API_KEY")
                .message().doesNotContain(KEY);
    }

    @Test
    void graphql_errors_are_reported_with_their_messages() {
        wandb.stubFor(post(urlEqualTo("/graphql"))
                .willReturn(aResponse().withBody(RecordedWandb.answer("error_project_not_found"))));

        assertThatThrownBy(() -> client().runs(Map.of()))
                .isInstanceOf(WandbException.class)
                .hasMessage("W&B runs: GraphQL error (HTTP 200): project not found");
    }

    @Test
    void a_server_error_page_is_an_unexpected_answer() {
        wandb.stubFor(post(urlEqualTo("/graphql"))
                .willReturn(aResponse().withStatus(502).withBody("<html>bad gateway")));

        assertThatThrownBy(() -> client().runs(Map.of("display_name", "x")))
                .isInstanceOf(WandbException.class)
                .hasMessage("W&B runs: unexpected answer from " + wandb.baseUrl() + "/graphql (HTTP 502), not JSON");
    }

    @Test
    void a_slow_server_times_out_within_the_configured_bound() {
        wandb.stubFor(post(urlEqualTo("/graphql")).willReturn(aResponse().withFixedDelay(3000)
                .withBody(RecordedWandb.answer("runs_miners_page2"))));
        long start = System.nanoTime();

        assertThatThrownBy(() -> client(Duration.ofMillis(300)).runs(Map.of()))
                .isInstanceOf(WandbException.class)
                .hasMessage("W&B runs: no answer within 300 ms from " + wandb.baseUrl() + "/graphql");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void an_unreachable_server_names_the_address() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var c = new WandbClient(new WandbConfig(URI.create("http://127.0.0.1:" + closed), "e", "p", 27, null, KEY,
                Duration.ofSeconds(2)));

        assertThatThrownBy(() -> c.runs(Map.of()))
                .isInstanceOf(WandbException.class)
                .hasMessageStartingWith("W&B runs: cannot reach http://127.0.0.1:" + closed + "/graphql: ")
                .message().doesNotContain(KEY);
    }

    @Test
    void w_and_b_is_off_without_an_api_key_and_the_config_never_prints_the_key() {
        assertThat(WandbConfig.fromEnv(Map.of("WANDB_BASE_URL", "https://example.org"))).isEmpty();

        WandbConfig on = WandbConfig.fromEnv(Map.of("WANDB_API_KEY", KEY, "WANDB_BASE_URL", wandb.baseUrl() + "/",
                "WANDB_RUN_ID", "val1run1")).orElseThrow();

        assertThat(on.baseUrl()).isEqualTo(URI.create(wandb.baseUrl()));
        assertThat(on.path()).isEqualTo("neuralinternet/opencompute");
        assertThat(on.runId()).isEqualTo("val1run1");
        assertThat(on.toString()).doesNotContain(KEY).contains("key=***");
        assertThat(new WandbClient(on).toString()).doesNotContain(KEY);
        assertThatThrownBy(() -> WandbConfig.fromEnv(Map.of("WANDB_API_KEY", KEY, "WANDB_BASE_URL", "ftp://x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("WANDB_BASE_URL");
    }
}
