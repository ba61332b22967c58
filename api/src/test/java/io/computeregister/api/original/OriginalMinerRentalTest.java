package io.computeregister.api.original;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.e2e.SshPasswordLogin;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.api.specs.ValidatorDbSpecs;
import io.computeregister.api.specs.WandbMinerSpecs;
import io.computeregister.api.store.AllocationState;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.standin.WandbStandIn;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renting an original Python miner end to end, through stand-ins written from the reference: an axon that behaves as
 * the original miner (no {@code Specs} handler, the docs/protocol.md §3.2 dispatch table, RSA-encrypted {@code info},
 * a real Docker container), and a W&amp;B GraphQL stand-in holding its signed miner run in the original's config
 * encoding. The API runs as {@code compute api} assembles it ({@code ApiMain}, W&amp;B from the environment, specs
 * sources by default: {@code specs}, then {@code wandb}). Discovery finds no {@code Specs} answer, takes the specs
 * from the signed run, and places on the miner; the renter gets the decrypted credentials and logs in over SSH; the
 * API's validator run lists the miner while it is held (so the original miner's own reconciliation keeps the
 * container) and not after; pause, unpause, restart, key exchange and the deallocation reach the miner. A second miner whose run is signed by another key stays
 * unplaceable, and the rejected run is counted on {@code /metrics}; once the miner is gone, its still-running run
 * does not keep it placeable (discovery probes it as the original does). The same through an original validator's
 * {@code database.db} ({@code --validator-db}) without W&amp;B.
 */
class OriginalMinerRentalTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final Keypair ORIGINAL = Keypair.fromSuri("//Bob");
    private static final Keypair FORGED = Keypair.fromSuri("//Charlie");
    private static final Keypair STRANGER = Keypair.fromSuri("//Eve");
    private static final String WANDB_KEY = "original-rental-key-0123456789abcdef0123456789abcdef";
    private static final String ADMIN_KEY = "cr_original-rental-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String SPEC = """
            {"requirements": {"cpu_count": 1, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 1},
             "docker_requirement": {"ssh_key": ""}}""";

    @TempDir
    Path tmp;

    private WandbStandIn wandb;
    private OriginalMiner miner;
    private ApiMain api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (miner != null) miner.close();
        if (wandb != null) wandb.close();
    }

    @Test
    void an_original_miner_found_through_its_signed_wandb_run_is_rented_logged_into_and_freed() throws Exception {
        miner = OriginalMiner.start(ORIGINAL, Files.createDirectories(tmp.resolve("original")), AllocatedHook.NONE);
        wandb = new WandbStandIn(WANDB_KEY);
        wandb.createProject("neuralinternet", "opencompute");
        Instant created = Instant.now().minusSeconds(600);
        wandb.seedRun("neuralinternet", "opencompute", "bobrun01", "miner-" + ORIGINAL.ss58Address(), "running",
                created, minerConfig(ORIGINAL, RunSignature.sign(ORIGINAL, "bobrun01")));
        // The API's own validator run, where it writes the miners it holds as the original does (docs/protocol.md §5.4).
        Map<String, Object> validatorRun = new LinkedHashMap<>();
        validatorRun.put("role", "validator");
        validatorRun.put("hotkey", API.ss58Address());
        validatorRun.put("config", Map.of("netuid", 27));
        validatorRun.put("allocated_hotkeys", List.of());
        wandb.seedRun("neuralinternet", "opencompute", "alicev01", "validator-" + API.ss58Address(), "running",
                created, validatorRun);
        // Signed by someone else: the validator ignores such a run, so must we.
        wandb.seedRun("neuralinternet", "opencompute", "charlie1", "miner-" + FORGED.ss58Address(), "running",
                created, minerConfig(FORGED, RunSignature.sign(STRANGER, "charlie1")));

        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of(
                miner.neuron(0),
                new Metagraph.Neuron(1, FORGED.ss58Address(), FORGED.ss58Address(), "127.0.0.1", freePort(), 0,
                        false, true)))));
        Map<String, String> env = new HashMap<>(wandb.env());
        env.put(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY);
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofSeconds(2)), JobsConfig.defaults(), API,
                new StaticMetagraphSource(metagraph, 27), null, env, new PrintStream(new ByteArrayOutputStream()));
        ApiClient client = new ApiClient(api.port());
        String renter = client.renterKey(ADMIN_KEY, "acme");

        // Discovery: no Specs answer from the original miner, so its specs come from its signed W&B run.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                client.post("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY).path("data").path("top")
                        .toString().contains(ORIGINAL.ss58Address()));
        JsonNode dry = client.post("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY);
        assertThat(dry.path("data").path("top").toString()).as("the forged run's miner").doesNotContain(
                FORGED.ss58Address());
        assertThat(metrics()).contains(WandbMinerSpecs.REJECTED + "{reason=\"bad_signature\"");
        // Where its specs came from and when, in dry_run and resources_sql.
        JsonNode top = dry.path("data").path("top").path(0);
        assertThat(top.path("specs_source").asText()).isEqualTo(WandbMinerSpecs.NAME);
        assertThat(Instant.parse(top.path("specs_reported_at").asText())).isAfterOrEqualTo(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        JsonNode listed = listed(client, ORIGINAL.ss58Address());
        assertThat(listed.path("specs_source").asText()).as(listed.toString()).isEqualTo(WandbMinerSpecs.NAME);
        assertThat(listed.path("specs_reported_at").asText()).isEqualTo(top.path("specs_reported_at").asText());

        JsonNode placed = client.post("/service/allocate_spec", SPEC, renter);
        assertThat(placed.path("success").asBoolean()).as(placed.toString()).isTrue();
        JsonNode a = placed.path("data");
        assertThat(a.path("hotkey").asText()).isEqualTo(ORIGINAL.ss58Address());
        assertThat(a.path("ssh_ip").asText()).as("the axon's IP").isEqualTo("127.0.0.1");
        assertThat(a.path("ssh_port").asInt()).isEqualTo(miner.sshPort());
        assertThat(SshPasswordLogin.run("127.0.0.1", a.path("ssh_port").asInt(), a.path("ssh_username").asText(),
                a.path("ssh_password").asText(), "echo rented")).contains("rented");
        assertThat(miner.container()).as("the original miner's container").isPresent();
        String uuid = a.path("uuid_key").asText();

        // Held: the validator run lists the miner, so the original miner's own reconciliation keeps the container.
        await().atMost(Duration.ofSeconds(30)).until(() -> allocatedHotkeys().contains(ORIGINAL.ss58Address()));

        String query = "?hotkey=" + ORIGINAL.ss58Address() + "&uuid_key=" + uuid;
        // One renter per original miner, as the original: a second request finds it held, whatever its size.
        JsonNode second = client.post("/service/allocate_spec", SPEC, client.renterKey(ADMIN_KEY, "globex"));
        assertThat(second.path("success").asBoolean()).as(second.toString()).isFalse();
        assertThat(second.path("err_detail").asText()).contains("1 busy");
        assertThat(api.store().minerUsage(ORIGINAL.ss58Address()).whole()).isEqualTo(1);
        // An original miner does not know our extend action (no status in its answer): 409, nothing moved.
        JsonNode extend = client.post("/allocations/" + uuid + "/extend", "{\"days\": 2}", renter);
        assertThat(extend.path("_status").asInt()).as(extend.toString()).isEqualTo(409);
        assertThat(extend.path("err_detail").asText()).contains("does not support extending");
        JsonNode paused = client.post("/service/pause_docker" + query, null, renter);
        assertThat(paused.path("success").asBoolean()).as(paused.toString()).isTrue();
        // The original miner answers the ownership probe "no" for a paused container: not a reason to close it. The
        // health loop probes it as discovery does (a paused container reads as free: an answer all the same).
        for (int round = 0; round < 3; round++) api.jobs().reconciliation().runOnce();
        assertThat(api.jobs().health().runOnce().wentDown()).isZero();
        assertThat(api.store().findAllocation(uuid).orElseThrow().state()).isEqualTo(AllocationState.ACTIVE);
        assertThat(miner.container()).get().extracting(OriginalMiner.Container::state).isEqualTo("paused");
        for (String action : List.of("unpause_docker", "restart_docker")) {
            JsonNode done = client.post("/service/" + action + query, null, renter);
            assertThat(done.path("success").asBoolean()).as(action + ": " + done).isTrue();
        }
        JsonNode exchanged = client.post("/service/exchange_docker_key" + query + "&ssh_key="
                + java.net.URLEncoder.encode("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOriginalRenterKey renter",
                java.nio.charset.StandardCharsets.UTF_8), null, renter);
        assertThat(exchanged.path("success").asBoolean()).as(exchanged.toString()).isTrue();
        assertThat(miner.container()).as("running again after the actions").get()
                .extracting(OriginalMiner.Container::state).isEqualTo("running");

        JsonNode freed = client.post("/service/deallocate?hotkey=" + ORIGINAL.ss58Address() + "&uuid_key=" + uuid,
                null, renter);
        assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        assertThat(freed.path("data").path("miner_confirmed").isMissingNode()).as("confirmed: no data").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> miner.container().isEmpty());
        assertThat(api.store().heldMiners()).doesNotContain(ORIGINAL.ss58Address());
        await().atMost(Duration.ofSeconds(30)).until(() -> !allocatedHotkeys().contains(ORIGINAL.ss58Address()));

        // Its W&B run still says "running", but the miner is gone: the liveness probe, not the run, decides.
        miner.close();
        miner = null;
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                !client.post("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY).path("data").path("top")
                        .toString().contains(ORIGINAL.ss58Address()));
    }

    @Test
    void an_original_miner_found_in_an_original_validators_database_is_rented_and_freed() throws Exception {
        miner = OriginalMiner.start(ORIGINAL, Files.createDirectories(tmp.resolve("original")), AllocatedHook.NONE);
        Path db = tmp.resolve("validator").resolve("database.db");
        Files.createDirectories(db.getParent());
        try (OriginalValidatorDb validator = OriginalValidatorDb.create(db)) {
            validator.specs(0, ORIGINAL.ss58Address(), OriginalSpecs.miner()).noSpecs(1, FORGED.ss58Address());
        }
        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of(
                miner.neuron(0),
                new Metagraph.Neuron(1, FORGED.ss58Address(), FORGED.ss58Address(), "127.0.0.1", freePort(), 0,
                        false, true)))));
        // No W&B at all: specs from the miner's own answer, then the validator's database (`--validator-db FILE`).
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofSeconds(2)).withSpecsSources(null, db), JobsConfig.defaults(), API,
                new StaticMetagraphSource(metagraph, 27), null, Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY),
                new PrintStream(new ByteArrayOutputStream()));
        ApiClient client = new ApiClient(api.port());
        String renter = client.renterKey(ADMIN_KEY, "acme");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                client.post("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY).path("data").path("top")
                        .toString().contains(ORIGINAL.ss58Address()));
        assertThat(client.post("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY).path("data").path("top")
                .toString()).as("blank {} details: no specs").doesNotContain(FORGED.ss58Address());
        assertThat(listed(client, ORIGINAL.ss58Address()).path("specs_source").asText())
                .isEqualTo(ValidatorDbSpecs.NAME);
        assertThat(client.post("/service/allocate_spec?dry_run=true", SPEC, ADMIN_KEY).path("data").path("top")
                .path(0).path("specs_source").asText()).isEqualTo(ValidatorDbSpecs.NAME);

        JsonNode placed = client.post("/service/allocate_spec", SPEC, renter);
        assertThat(placed.path("success").asBoolean()).as(placed.toString()).isTrue();
        JsonNode a = placed.path("data");
        assertThat(SshPasswordLogin.run("127.0.0.1", a.path("ssh_port").asInt(), a.path("ssh_username").asText(),
                a.path("ssh_password").asText(), "echo rented")).contains("rented");
        JsonNode freed = client.post("/service/deallocate?hotkey=" + ORIGINAL.ss58Address() + "&uuid_key="
                + a.path("uuid_key").asText(), null, renter);
        assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> miner.container().isEmpty());
    }

    /** The config the original miner passes to {@code wandb.init} (docs/protocol.md §1.2 step 1), signed as it signs. */
    private static Map<String, Object> minerConfig(Keypair hotkey, String signature) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("role", "miner");
        config.put("hotkey", hotkey.ss58Address());
        config.put("config", Map.of("netuid", 27));
        config.put("specs", OriginalSpecs.miner().toMap());
        config.put("allocated", null);
        config.put("signature", signature);
        return config;
    }

    /** The miner's item in resources_sql (as the admin sees it). */
    private static JsonNode listed(ApiClient client, String hotkey) throws Exception {
        for (JsonNode item : client.post("/list/resources_sql", null, ADMIN_KEY).path("data").path("page_items")) {
            if (item.path("hotkey").asText().equals(hotkey)) return item;
        }
        throw new AssertionError(hotkey + " not in resources_sql");
    }

    /** {@code allocated_hotkeys} of the API's validator run, as the W&amp;B stand-in holds it. */
    private List<String> allocatedHotkeys() {
        List<String> hotkeys = new java.util.ArrayList<>();
        wandb.run("neuralinternet", "opencompute", "alicev01").orElseThrow().value("allocated_hotkeys")
                .forEach(h -> hotkeys.add(h.asText()));
        return hotkeys;
    }

    private String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
