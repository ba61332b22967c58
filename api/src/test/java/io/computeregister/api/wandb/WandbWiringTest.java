package io.computeregister.api.wandb;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.jobs.AllocatedHotkeysPublisher;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.api.jobs.MinerFleet;
import io.computeregister.api.store.Health;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.crypto.Sr25519;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A whole API process (ApiMain, a real in-process miner) with {@code WANDB_API_KEY} and {@code WANDB_BASE_URL}
 * pointing at WireMock serving the recorded W&amp;B answers (src/test/resources/wandb): the W&amp;B-backed lists, the
 * allocation status written after changes, failures, and no W&amp;B traffic at all without a key.
 */
class WandbWiringTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_wandb-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String WANDB_KEY = "wandb-wiring-secret-0123456789abcdef0123456789abcdef";
    /** The recorded runs' RTX 4090 miner; the tests serve its runs under the fleet miner's hotkey. */
    private static final String RECORDED_HOTKEY = "5F3sa2TJAWMqDhXG6jhV4N8ko9SxwGy8TpaNS1repo5EYjQX";

    @TempDir
    Path tmp;

    private WireMockServer wandb;
    private MinerFleet fleet;
    private ApiMain api;
    private ApiClient client;
    private String renter;
    private String minerHotkey;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger apiLogger = (Logger) LoggerFactory.getLogger("io.computeregister.api");
    private final Logger wireLogger = (Logger) LoggerFactory.getLogger("io.computeregister.protocol.wandb");

    @BeforeEach
    void startWandbAndMiner() throws Exception {
        wandb = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wandb.start();
        logs.start();
        apiLogger.addAppender(logs);
        wireLogger.addAppender(logs);
        fleet = new MinerFleet(tmp, 1, API_HOTKEY);
        minerHotkey = fleet.miner(0).hotkey();
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (fleet != null) fleet.close();
        wandb.stop();
        apiLogger.detachAppender(logs);
        wireLogger.detachAppender(logs);
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(WANDB_KEY));
    }

    private List<String> logLines(String prefix) {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith(prefix)).toList();
    }

    private void startApi(boolean withKey) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY);
        env.put("WANDB_BASE_URL", wandb.baseUrl());
        if (withKey) env.put("WANDB_API_KEY", WANDB_KEY);
        JobsConfig jobs = JobsConfig.defaults().withHealth(Duration.ofHours(1), 3).withExpiry(Duration.ofHours(1))
                .withReconcile(Duration.ofHours(1));
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofHours(1)), jobs, API_HOTKEY, fleet.metagraph(), null, env,
                new PrintStream(new ByteArrayOutputStream()));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().findMiner(minerHotkey)
                .map(m -> m.health() == Health.ONLINE && m.specsJson() != null).orElse(false));
        client = new ApiClient(api.port());
        renter = client.renterKey(ADMIN_KEY, "acme");
    }

    /** A recorded answer with the RTX 4090 miner's hotkey replaced by the fleet miner's. */
    private String recorded(String name) {
        try (InputStream in = WandbWiringTest.class.getResourceAsStream("/wandb/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace(RECORDED_HOTKEY, minerHotkey);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    private void stubRecordedProject() {
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.variables.filters", containing("\"config.role\":\"validator\"")))
                .willReturn(aResponse().withBody(recorded("runs_validator"))));
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.variables.filters", containing("display_name")))
                .willReturn(aResponse().withBody(recorded("runs_by_name_4090"))));
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(2)
                .withRequestBody(matchingJsonPath("$.variables.cursor", equalTo("cur-p0q1r2bb")))
                .willReturn(aResponse().withBody(recorded("runs_miners_page2"))));
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(3)
                .withRequestBody(matchingJsonPath("$.query", containing("query Run(")))
                .willReturn(aResponse().withBody(recorded("run_validator_config"))));
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(3)
                .withRequestBody(matchingJsonPath("$.query", containing("upsertBucket")))
                .willReturn(aResponse().withBody(recorded("upsert_bucket"))));
        wandb.stubFor(post(urlEqualTo("/graphql")).atPriority(5)
                .withRequestBody(matchingJsonPath("$.query", containing("query Runs")))
                .willReturn(aResponse().withBody(recorded("runs_miners_page1"))));
    }

    private List<JsonNode> upsertedConfigs() {
        return wandb.findAll(postRequestedFor(urlEqualTo("/graphql"))
                        .withRequestBody(matchingJsonPath("$.query", containing("upsertBucket")))).stream()
                .map(WandbWiringTest::upsertedConfig).toList();
    }

    private static JsonNode upsertedConfig(LoggedRequest r) {
        try {
            return JSON.readTree(JSON.readTree(r.getBodyAsString()).path("variables").path("config").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void with_a_key_the_run_lists_and_resources_wandb_answer_from_the_recorded_w_and_b_runs() throws Exception {
        stubRecordedProject();
        startApi(true);
        assertThat(logLines("W&B on: ")).singleElement().asString().contains(wandb.baseUrl(), "key=***");

        JsonNode runs = client.post("/list/all_runs", null, renter);
        assertThat(runs.path("_status").asInt()).isEqualTo(200);
        assertThat(runs.path("message").asText()).isEqualTo("List run resources successfully.");
        JsonNode items = runs.path("data").path("page_items");
        assertThat(items).hasSize(4); // both recorded pages, followed by cursor
        JsonNode first = items.get(0).path("1");
        assertThat(first.path("id").asText()).isEqualTo("k2m9x0aa");
        assertThat(first.path("name").asText()).isEqualTo("miner-" + minerHotkey);
        assertThat(first.path("configs").toString()).isEqualTo("{\"netuid\":27}");
        assertThat(first.path("state").asText()).isEqualTo("running");
        assertThat(first.path("start_at").asText()).isEqualTo("2026-11-20T08:14:03");
        wandb.verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.variables.filters",
                equalTo("{\"config.config.netuid\":27,\"state\":\"running\"}"))));

        JsonNode byName = client.post("/list/run_by_name?run_name=miner-" + minerHotkey, null, renter);
        assertThat(byName.path("message").asText()).isEqualTo("List run by name");
        assertThat(byName.path("data").path("1").path("name").asText()).isEqualTo("miner-" + minerHotkey);
        assertThat(byName.path("data").path("1").path("config").toString()).isEqualTo("{\"netuid\":27}");
        assertThat(byName.path("data").size()).isEqualTo(1);

        JsonNode specs = client.post("/list/specs", null, renter);
        assertThat(specs.path("message").asText()).isEqualTo("List specs successfully");
        // the run with empty specs ({}) is skipped; positions keep W&B's order, gaps included
        assertThat(specs.path("data").path("page_items")).extracting(i -> i.fieldNames().next())
                .containsExactly("1", "3", "4");

        JsonNode resources = client.post("/list/resources_wandb", null, renter);
        assertThat(resources.path("_status").asInt()).as(resources.toString()).isEqualTo(200);
        // only the miner the metagraph lists, with the specs of its newest W&B run, not its own Specs answer
        JsonNode only = resources.path("data").path("page_items");
        assertThat(only).hasSize(1);
        assertThat(only.get(0).path("hotkey").asText()).isEqualTo(minerHotkey);
        assertThat(only.get(0).path("gpu_name").asText()).isEqualTo("nvidia geforce rtx 4090");
        assertThat(only.get(0).path("cpu_count").asInt()).isEqualTo(16);
        assertThat(only.get(0).path("ram").asDouble()).isEqualTo(64.0); // total RAM, as resources_wandb
        assertThat(only.get(0).path("allocate_status").asText()).isEqualTo("available");
    }

    @Test
    void an_allocation_and_its_deallocation_write_the_held_hotkeys_to_the_validator_run() throws Exception {
        stubRecordedProject();
        startApi(true);
        assertThat(api.jobs().runner().names()).contains(AllocatedHotkeysPublisher.NAME);

        JsonNode allocated = client.allocateSpec(renter);
        assertThat(allocated.path("success").asBoolean()).as(allocated.toString()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> !upsertedConfigs().isEmpty());
        JsonNode written = upsertedConfigs().getFirst();
        assertThat(written.path("allocated_hotkeys").path("value").toString()).isEqualTo("[\"" + minerHotkey + "\"]");
        assertThat(written.path("role").path("value").asText()).isEqualTo("validator"); // the rest of the run kept
        // re-signed as the original's sign_run: sr25519 by the API hotkey over sha256(run id)
        byte[] signature = HexFormat.of().parseHex(written.path("signature").path("value").asText());
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("val1run1".getBytes(StandardCharsets.UTF_8));
        assertThat(Sr25519.verify(API_HOTKEY.publicKey(), digest, signature)).isTrue();
        // the validator run is the one of the API's own hotkey
        wandb.verify(postRequestedFor(urlEqualTo("/graphql")).withRequestBody(matchingJsonPath("$.variables.filters",
                equalTo("{\"config.role\":\"validator\",\"config.hotkey\":\"" + API_HOTKEY.ss58Address() + "\"}"))));

        JsonNode data = allocated.path("data");
        JsonNode freed = client.post("/service/deallocate?hotkey=" + data.path("hotkey").asText() + "&uuid_key="
                + data.path("uuid_key").asText(), null, renter);
        assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        await().atMost(Duration.ofSeconds(15)).until(() -> upsertedConfigs().size() == 2);
        assertThat(upsertedConfigs().get(1).path("allocated_hotkeys").path("value").toString()).isEqualTo("[]");
    }

    @Test
    void a_failing_w_and_b_gives_each_lists_error_envelope_and_never_fails_an_allocation() throws Exception {
        wandb.stubFor(post(urlEqualTo("/graphql")).willReturn(aResponse().withStatus(502).withBody("bad gateway")));
        startApi(true);

        JsonNode runs = client.post("/list/all_runs", null, renter);
        assertThat(runs.path("_status").asInt()).isEqualTo(404);
        assertThat(runs.path("success").asBoolean()).isFalse();
        assertThat(runs.path("message").asText()).isEqualTo("Error occurred while getting runs from wandb");
        assertThat(runs.path("err_detail").asText()).contains("HTTP 502").doesNotContain(WANDB_KEY);
        JsonNode byName = client.post("/list/run_by_name?run_name=miner-x", null, renter);
        assertThat(byName.path("_status").asInt()).isEqualTo(404);
        assertThat(byName.path("message").asText()).isEqualTo("Error occurred while run from wandb");
        JsonNode specs = client.post("/list/specs", null, renter);
        assertThat(specs.path("message").asText()).isEqualTo("Error occurred while getting specs from wandb");
        JsonNode resources = client.post("/list/resources_wandb", null, renter);
        assertThat(resources.path("_status").asInt()).isEqualTo(404);
        assertThat(resources.path("message").asText()).isEqualTo("There is no resource available");

        JsonNode allocated = client.allocateSpec(renter);
        assertThat(allocated.path("success").asBoolean()).as(allocated.toString()).isTrue();
        // the publisher tried (the validator run lookup failed) and the allocation stands
        await().atMost(Duration.ofSeconds(15)).until(() -> !wandb.findAll(postRequestedFor(urlEqualTo("/graphql"))
                .withRequestBody(matchingJsonPath("$.variables.filters", containing("validator")))).isEmpty());
        assertThat(api.store().heldMiners()).contains(minerHotkey);
        await().atMost(Duration.ofSeconds(5)).until(() -> !logLines("W&B allocation status not written").isEmpty());
    }

    @Test
    void without_an_api_key_nothing_calls_w_and_b_and_the_lists_come_from_the_store() throws Exception {
        stubRecordedProject();
        startApi(false);
        assertThat(logLines("W&B off")).hasSize(1);
        assertThat(api.jobs().runner().names()).doesNotContain(AllocatedHotkeysPublisher.NAME);

        JsonNode runs = client.post("/list/all_runs", null, renter);
        assertThat(runs.path("data").path("page_items").get(0).path("1").path("id").asText()).isEqualTo(minerHotkey);
        JsonNode resources = client.post("/list/resources_wandb", null, renter);
        assertThat(resources.path("data").path("page_items").get(0).path("cpu_count").asInt()).isEqualTo(2);
        assertThat(client.allocateSpec(renter).path("success").asBoolean()).isTrue();

        assertThat(wandb.getAllServeEvents()).isEmpty();
    }
}
