package io.computeregister.api.wandb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.protocol.wandb.RecordedWandb;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API's W&amp;B reads (lists) and its validator-run write, against recorded-shape W&amp;B answers (protocol's
 * test resources, wandb/*.json) served by WireMock.
 */
class WandbListsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "wandb-secret-0123456789abcdef0123456789abcdef01234567";
    private static final String HK_4090 = "5F3sa2TJAWMqDhXG6jhV4N8ko9SxwGy8TpaNS1repo5EYjQX";
    private static final String HK_EMPTY_SPECS = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kx7xR";
    private static final String HK_A100 = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
    private static final String VALIDATOR = "5CSZ1tTW8kTzmwPgpwE9LKXwszCWq4aKymC4U3hA3S5Hsk2d";

    private WireMockServer wandb;
    private WandbClient client;

    @BeforeEach
    void start() {
        wandb = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wandb.start();
        client = new WandbClient(new WandbConfig(URI.create(wandb.baseUrl()), "neuralinternet", "opencompute", 27,
                null, KEY, Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        wandb.stop();
    }

    @Test
    void specs_by_hotkey_asks_for_running_subnet_miners_and_keeps_the_newest_non_empty_specs() {
        RecordedWandb.serveMinerPages(wandb);

        Map<String, JsonNode> specs = new WandbLists(client).specsByHotkey();

        assertThat(specs).containsOnlyKeys(HK_4090, HK_A100);
        assertThat(specs.get(HK_4090).path("gpu").path("details").get(0).path("name").asText())
                .isEqualTo("NVIDIA GeForce RTX 4090"); // the newer run, not the older A100 run of the same hotkey
        assertThat(specs.get(HK_A100).path("gpu").path("count").asInt()).isEqualTo(2);
        assertThat(specs).doesNotContainKey(HK_EMPTY_SPECS);
        wandb.verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.variables.filters",
                equalTo("{\"config.role\":\"miner\",\"config.config.netuid\":27,\"state\":\"running\"}"))));
    }

    @Test
    void run_by_name_filters_on_the_display_name_of_running_subnet_runs() {
        RecordedWandb.serveMinerPages(wandb);

        new WandbLists(client).runByName("miner-" + HK_4090);

        wandb.verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.variables.filters",
                equalTo("{\"config.config.netuid\":27,\"display_name\":\"miner-" + HK_4090
                        + "\",\"state\":\"running\"}"))));
    }

    @Test
    void publish_allocated_rewrites_the_validator_runs_list_stats_and_signature() throws Exception {
        wandb.stubFor(post(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("query Runs")))
                .willReturn(aResponse().withBody(RecordedWandb.answer("runs_validator"))));
        wandb.stubFor(post(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("query Run(")))
                .willReturn(aResponse().withBody(RecordedWandb.answer("run_validator_config"))));
        wandb.stubFor(post(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("upsertBucket")))
                .willReturn(aResponse().withBody(RecordedWandb.answer("upsert_bucket"))));
        Keypair apiHotkey = Keypair.fromSuri("//Alice");

        new ValidatorRunWriter(client, apiHotkey).publishAllocated(VALIDATOR, List.of(HK_4090));

        wandb.verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.variables.filters",
                equalTo("{\"config.role\":\"validator\",\"config.hotkey\":\"" + VALIDATOR + "\"}"))));
        var upserts = wandb.findAll(postRequestedFor(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.query", containing("upsertBucket"))));
        assertThat(upserts).hasSize(1);
        JsonNode vars = JSON.readTree(upserts.getFirst().getBodyAsString()).path("variables");
        assertThat(vars.path("name").asText()).isEqualTo("val1run1");
        assertThat(vars.path("displayName").isNull()).as("the display name is left alone").isTrue();
        JsonNode config = JSON.readTree(vars.path("config").asText());
        assertThat(config.path("allocated_hotkeys").path("value").toString()).isEqualTo("[\"" + HK_4090 + "\"]");
        assertThat(config.path("stats").path("value").path("12").path("allocated").asBoolean()).isTrue();
        assertThat(config.path("stats").path("value").path("40").path("allocated").asBoolean()).isFalse();
        assertThat(config.path("stats").path("value").path("40").path("score").asDouble()).isEqualTo(0.95);
        assertThat(RunSignature.verify(apiHotkey.ss58Address(), "val1run1",
                config.path("signature").path("value").asText())).isTrue();
        assertThat(config.path("role").path("value").asText()).isEqualTo("validator"); // the rest is kept
    }
}
