package io.computeregister.api.console;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.store.Health;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.runtime.PortRange;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real headless Chromium against the real API and two sandbox miners: a renter types the key,
 * sees the miners, runs a placement dry run, allocates through the form, and the page then shows the allocation with
 * its SSH command and the live feed (WebSocket /connect) shows "allocated". Leaves target/console.png behind (the
 * screenshot in docs/ is taken from it).
 */
class ConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Keypair API_HOTKEY = Keypair.fromSuri("//Alice");
    private static final String ADMIN_KEY = "cr_console-admin-key-0123456789abcdefghijklmnopqrstuvw";
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private final List<Miner> miners = new ArrayList<>();
    private ApiMain api;

    @BeforeEach
    void start() throws Exception {
        String missing = ChromeDriver.missing();
        if (missing != null) {
            if ("true".equals(System.getenv("CI")) || "1".equals(System.getenv("REQUIRE_BROWSER"))) {
                fail("CI=true or REQUIRE_BROWSER=1 but " + missing);
            }
            System.out.println("SKIPPED (browser): " + missing);
            Assumptions.abort(missing);
        }
        List<Metagraph.Neuron> neurons = new ArrayList<>();
        int uid = 0;
        for (String suri : List.of("//Bob", "//Charlie")) {
            int first = FreePorts.block(4);
            MinerConfig config = MinerConfig.defaults(tmp.resolve("miner-" + uid),
                            new SandboxSettings(new HostPorts(new PortRange(first, first + 3), "127.0.0.1")))
                    .withAxon("127.0.0.1", 0)
                    .withCallers(Set.of(API_HOTKEY.ss58Address()), false)
                    .withOffer(new MinerConfig.Offer(2, 2048 * MIB, 0));
            Miner miner = Miner.start(config, Keypair.fromSuri(suri), Optional.empty());
            miners.add(miner);
            neurons.add(new Metagraph.Neuron(uid++, miner.hotkey(), miner.hotkey(), "127.0.0.1", miner.axonPort(), 0,
                    false, true));
        }
        Path metagraph = tmp.resolve("metagraph.json");
        Files.writeString(metagraph, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));
        ApiConfig config = new ApiConfig("127.0.0.1", 0, tmp.resolve("api"), null, null, AuthMode.KEYS, List.of(),
                true, Duration.ofHours(1));
        api = ApiMain.start(config, API_HOTKEY, new StaticMetagraphSource(metagraph, 27), null,
                Map.of(AdminBootstrap.ENV_ADMIN_KEY, ADMIN_KEY), new PrintStream(new ByteArrayOutputStream()));
        await().atMost(Duration.ofSeconds(30)).until(() -> api.store().listMiners().stream()
                .filter(m -> m.health() == Health.ONLINE && m.specsJson() != null).count() == 2);
    }

    @AfterEach
    void stop() {
        if (api != null) api.close();
        for (Miner m : miners) {
            m.removeAll();
            m.close();
        }
    }

    @Test
    void a_renter_allocates_through_the_console_and_sees_the_ssh_command_and_the_allocated_event() throws Exception {
        String renterKey = post("/admin/keys", "{\"tenant\":\"console-renter\"}", ADMIN_KEY)
                .path("data").path("key").asText();
        String base = "http://127.0.0.1:" + api.port();
        try (ChromeDriver chrome = ChromeDriver.start(1360, 860)) {
            chrome.open(base + "/console");
            assertThat(chrome.text("h1")).contains("Compute Register");
            chrome.type("#api-key", renterKey);
            chrome.click("#save-key");

            // the miners with their specs and, once probed, their health
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(chrome, "#miners tbody tr[data-hotkey]") == 2);
            await().atMost(Duration.ofSeconds(30)).until(() -> chrome.text("#miners tbody").contains("online"));
            assertThat(chrome.text("#miners tbody")).contains(abbreviated(miners.get(0).hotkey()));
            // where each miner's specs came from: our miners answer Specs themselves
            assertThat(chrome.text("#miners tbody td.specs-source")).isEqualTo("specs");
            await().atMost(Duration.ofSeconds(10)).until(() -> chrome.text("#live").contains("live"));

            // placement dry run: both miners fit, nothing is reserved
            chrome.click("#dry-run");
            await().atMost(Duration.ofSeconds(20)).until(() -> chrome.text("#result").contains("Dry run: 2 of 2"));
            assertThat(api.store().listActiveAllocations(null)).isEmpty();

            // a real allocation through the form
            chrome.click("#allocate");
            await().atMost(Duration.ofSeconds(90)).until(() -> chrome.text("#result").contains("Allocated on"));
            await().atMost(Duration.ofSeconds(20)).until(() -> rows(chrome, "#allocations tbody tr[data-uuid]") == 1);
            String sshCommand = chrome.text("#allocations tbody code.ssh-command");
            assertThat(sshCommand).matches("ssh root@127\\.0\\.0\\.1 -p \\d+");
            await().atMost(Duration.ofSeconds(20)).until(() -> chrome.text("#events").contains("allocated"));
            assertThat(miners.stream().mapToInt(m -> m.ledger().live().size()).sum()).isEqualTo(1);
            int port = Integer.parseInt(sshCommand.substring(sshCommand.lastIndexOf(' ') + 1));
            assertThat(miners.stream().flatMap(m -> m.ledger().live().stream()).findFirst().orElseThrow().sshPort())
                    .isEqualTo(port);

            // the lease one day longer, from the allocation's row: on the API and on the miner
            java.time.Instant before = miners.stream().flatMap(m -> m.ledger().live().stream()).findFirst()
                    .orElseThrow().expiresAt();
            clickNow(chrome, "#allocations tbody button.extend");
            await().atMost(Duration.ofSeconds(20)).until(() -> chrome.text("#result").contains("Lease extended"));
            assertThat(miners.stream().flatMap(m -> m.ledger().live().stream()).findFirst().orElseThrow().expiresAt())
                    .isEqualTo(before.plus(Duration.ofDays(1)));
            // its logs (the sandbox keeps no container output) and this month's usage
            clickNow(chrome, "#allocations tbody button.logs");
            await().atMost(Duration.ofSeconds(20)).until(() -> chrome.text("#result").contains("Logs of"));
            chrome.click("#usage-refresh");
            await().atMost(Duration.ofSeconds(20)).until(() -> chrome.text("#usage tbody").contains("1"));

            // keep a picture of what the renter sees once the refresh after the event has settled
            await().atMost(Duration.ofSeconds(20)).until(() -> chrome.text("#miners tbody").contains("online"));
            Path png = Path.of("target", "console.png");
            Files.createDirectories(png.getParent());
            Files.write(png, chrome.screenshot());
        }
    }

    /** Finds and clicks in one script: the rows are re-rendered whenever an event arrives. */
    private static void clickNow(ChromeDriver chrome, String css) throws Exception {
        chrome.script("document.querySelector(" + JSON.writeValueAsString(css) + ").click(); return true;");
    }

    private static int rows(ChromeDriver chrome, String css) throws Exception {
        return chrome.script("return document.querySelectorAll(" + JSON.writeValueAsString(css) + ").length;").asInt();
    }

    private static String abbreviated(String hotkey) {
        return hotkey.substring(0, 6) + "…" + hotkey.substring(hotkey.length() - 6);
    }

    private JsonNode post(String path, String body, String key) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return JSON.readTree(http.send(r, HttpResponse.BodyHandlers.ofString()).body());
        }
    }


}
