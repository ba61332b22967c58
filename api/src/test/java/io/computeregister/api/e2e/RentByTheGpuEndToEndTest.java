package io.computeregister.api.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.jobs.ApiClient;
import io.computeregister.api.store.Health;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.miner.testing.TestImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renting a machine the way renters rent today, through real parts: the API, one of our miners on the docker runtime
 * (real containers of the SSH test image), SSH logins. Two renters share the miner at once, each with its own login
 * and its own extra port; a server listening on the extra port inside a container answers on the mapped host port; a
 * third request that does not fit is refused with a capacity reason while the miner still has the first two; a file
 * under {@code volume_path} survives {@code restart_docker}; {@code extend} moves the expiry on the API and on the
 * miner; the logs are the container's; {@code usage} adds up the allocations made here.
 */
class RentByTheGpuEndToEndTest {

    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final Keypair MINER_HOTKEY = Keypair.fromSuri("//Bob");
    private static final String ADMIN_KEY = "cr_rent-by-gpu-admin-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path tmp;

    private Miner miner;
    private ApiMain api;

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (miner != null) {
            miner.removeAll();
            miner.close();
        }
    }

    private static String spec(int cpus, int port, String volume) {
        return spec(cpus, port, volume, "");
    }

    private static String spec(int cpus, int port, String volume, String image) {
        return """
                {"requirements": {"cpu_count": %d, "gpu_type": "", "gpu_size": 0, "ram": 1, "hard_disk": 1, "timeline": 2},
                 "docker_requirement": {"ssh_key": "%%s", "ports": [%d], "volume_path": "%s", "base_image": "%s"}}"""
                .formatted(cpus, port, volume, image);
    }

    @Test
    void two_renters_share_one_miner_with_their_own_logins_ports_and_volumes() throws Exception {
        String image = TestImage.ensureBuilt(); // fails under REQUIRE_DOCKER=1 without an engine
        int first = FreePorts.block(6);
        // 2 cores and 2 GiB for renters, 6 host ports (each renter takes one for SSH and one extra): two fit.
        miner = Miner.start(MinerConfig.defaults(tmp.resolve("miner"),
                        new DockerSettings(DockerEngine.host(), null, new HostPorts(new PortRange(first, first + 5),
                                "127.0.0.1"), new java.util.LinkedHashMap<>(Map.of("ssh-test", image)) {{
                                    put("ssh-alt", image); }}))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(API_HOTKEY.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(2, 2L << 30, 0)), MINER_HOTKEY, Optional.empty());
        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, List.of(
                new Metagraph.Neuron(0, miner.hotkey(), miner.hotkey(), "127.0.0.1", miner.axonPort(), 0, false,
                        true)))));
        api = ApiMain.start(new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                        true, Duration.ofHours(1)), API_HOTKEY, new StaticMetagraphSource(metagraph, 27), null,
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().findMiner(miner.hotkey())
                .map(m -> m.health() == Health.ONLINE && m.specsJson() != null).orElse(false));
        ApiClient client = new ApiClient(api.port());
        String acme = client.renterKey(ADMIN_KEY, "acme");
        String globex = client.renterKey(ADMIN_KEY, "globex");
        KeyPair acmeKey = SshLogin.newKey();
        KeyPair globexKey = SshLogin.newKey();

        // The operator's image catalog, in the lists; a name no miner offers is a 422 listing them, nothing held.
        JsonNode listed = client.post("/list/resources_sql", null, acme).path("data").path("page_items").path(0);
        assertThat(listed.path("images").toString()).isEqualTo("[\"ssh-test\",\"ssh-alt\"]");
        assertThat(listed.path("free").path("cpu_count").asInt()).isEqualTo(2);
        JsonNode unknown = client.post("/service/allocate_spec",
                spec(1, 8888, "/data", "pytorch").formatted(""), acme);
        assertThat(unknown.path("_status").asInt()).as(unknown.toString()).isEqualTo(422);
        assertThat(unknown.path("err_detail").get(0).path("message").asText())
                .isEqualTo("no miner offers image 'pytorch'; images offered: ssh-alt, ssh-test");
        assertThat(api.store().heldMiners()).isEmpty();

        // Two renters on one miner at once, each with its own login and its own extra port (one picks an image).
        JsonNode a = client.post("/service/allocate_spec",
                spec(1, 8888, "/data", "ssh-alt").formatted(SshLogin.publicKeyLine(acmeKey)), acme);
        assertThat(a.path("success").asBoolean()).as(a.toString()).isTrue();
        JsonNode b = client.post("/service/allocate_spec",
                spec(1, 9000, "/work").formatted(SshLogin.publicKeyLine(globexKey)), globex);
        assertThat(b.path("success").asBoolean()).as(b.toString()).isTrue();
        JsonNode da = a.path("data");
        JsonNode db = b.path("data");
        assertThat(da.path("hotkey").asText()).isEqualTo(db.path("hotkey").asText()).isEqualTo(miner.hotkey());
        assertThat(da.path("ssh_port").asInt()).isNotEqualTo(db.path("ssh_port").asInt());
        int acmePort = da.path("ports").path("8888").asInt();
        int globexPort = db.path("ports").path("9000").asInt();
        assertThat(List.of(acmePort, globexPort)).allMatch(p -> p >= first && p <= first + 5)
                .doesNotContain(da.path("ssh_port").asInt(), db.path("ssh_port").asInt());
        assertThat(acmePort).isNotEqualTo(globexPort);
        assertThat(login(da, acmeKey, "echo acme-here")).contains("acme-here");
        assertThat(login(db, globexKey, "echo globex-here")).contains("globex-here");
        assertThat(miner.ledger().live()).hasSize(2);
        JsonNode full = client.post("/list/resources_sql", null, acme).path("data").path("page_items").path(0);
        assertThat(full.path("allocate_status").asText()).isEqualTo("reserved");
        assertThat(full.path("free").path("cpu_count").asInt()).isZero();

        // A third request does not fit (no core left) and is refused with the reason, the first two untouched.
        JsonNode third = client.post("/service/allocate_spec", spec(1, 7000, "").formatted(""),
                client.renterKey(ADMIN_KEY, "initech"));
        assertThat(third.path("success").asBoolean()).isFalse();
        assertThat(third.path("err_detail").asText()).contains("not enough free cpu (needs 1 cores, 0 free)");
        assertThat(miner.ledger().live()).hasSize(2);

        // A server listening on the extra port inside the container answers on the mapped host port.
        login(da, acmeKey, "mkdir -p /srv && echo served-from-acme > /srv/index.html && busybox httpd -p 8888 -h /srv");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + acmePort + "/index.html")).build(),
                HttpResponse.BodyHandlers.ofString()).body().contains("served-from-acme"));

        // A file under volume_path survives restart_docker.
        login(da, acmeKey, "echo kept > /data/notes.txt");
        String acmeQuery = "?hotkey=" + miner.hotkey() + "&uuid_key=" + da.path("uuid_key").asText();
        JsonNode restarted = client.post("/service/restart_docker" + acmeQuery, null, acme);
        assertThat(restarted.path("success").asBoolean()).as(restarted.toString()).isTrue();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> login(da, acmeKey, "cat /data/notes.txt").contains("kept"));

        // extend moves the expiry on the API and on the miner.
        String acmeUuid = da.path("uuid_key").asText();
        Instant minerBefore = miner.ledger().live().stream().filter(x -> x.sshPort() == da.path("ssh_port").asInt())
                .findFirst().orElseThrow().expiresAt();
        JsonNode extended = client.post("/allocations/" + acmeUuid + "/extend", "{\"days\": 3}", acme);
        assertThat(extended.path("success").asBoolean()).as(extended.toString()).isTrue();
        assertThat(Instant.parse(extended.path("data").path("expires_at").asText()))
                .isEqualTo(api.store().findAllocation(acmeUuid).orElseThrow().expiresAt());
        assertThat(miner.ledger().live().stream().filter(x -> x.sshPort() == da.path("ssh_port").asInt())
                .findFirst().orElseThrow().expiresAt()).isEqualTo(minerBefore.plus(Duration.ofDays(3)));
        // someone else's allocation: 404, nothing moved
        assertThat(client.post("/allocations/" + acmeUuid + "/extend", "{\"days\": 3}", globex).path("_status")
                .asInt()).isEqualTo(404);

        // The logs are the container's own output (its SSH server logged the logins).
        JsonNode logs = client.send("GET", "/allocations/" + acmeUuid + "/logs?tail=100", null, acme);
        assertThat(logs.path("data").path("logs").asText()).contains("auth succeeded");

        // usage adds up the two allocations made here (one core each, no GPU).
        JsonNode usage = client.send("GET", "/usage", null, ADMIN_KEY);
        assertThat(usage.path("data").path("usage").findValuesAsText("tenant")).containsExactly("acme", "globex");
        for (JsonNode u : usage.path("data").path("usage")) {
            assertThat(u.path("allocations").asInt()).isEqualTo(1);
            assertThat(u.path("gpu_hours").asDouble()).isZero();
        }

        // Both renters leave; the miner has nothing left.
        for (var renter : List.of(Map.entry(da, acme), Map.entry(db, globex))) {
            JsonNode freed = client.post("/service/deallocate?hotkey=" + miner.hotkey() + "&uuid_key="
                    + renter.getKey().path("uuid_key").asText(), null, renter.getValue());
            assertThat(freed.path("success").asBoolean()).as(freed.toString()).isTrue();
        }
        assertThat(miner.ledger().live()).isEmpty();
    }

    private static String login(JsonNode allocation, KeyPair key, String command) throws Exception {
        return SshLogin.run("127.0.0.1", allocation.path("ssh_port").asInt(), allocation.path("ssh_username").asText(),
                null, key, command, Duration.ofSeconds(15));
    }
}
