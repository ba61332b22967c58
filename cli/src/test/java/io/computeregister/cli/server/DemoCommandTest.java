package io.computeregister.cli.server;

import io.computeregister.miner.testing.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import io.computeregister.cli.ComputeCommand;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.image.SshTestImage;
import io.computeregister.miner.runtime.docker.DockerConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code compute demo} run in-process as a user would: wait for "ready", follow the printed commands (allocate with
 * the demo's body and key, SSH login with the real {@code ssh} client), stop it, and find nothing left: no live
 * allocation in the miners' ledgers, no sandbox, no container publishing the allocation's port.
 */
class DemoCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONSOLE = Pattern.compile("console: (http://127\\.0\\.0\\.1:\\d+)/console");
    private static final Pattern ADMIN_KEY = Pattern.compile("admin API key: (cr_\\S+)");

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sandbox", "docker"})
    void the_demos_three_commands_work_and_stopping_leaves_nothing_behind(String runtime) throws Exception {
        DockerClient docker = runtime.equals("docker") ? requireDocker() : null;
        requireSshClient();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ComputeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int[] exit = {-1};
        int[] allocatedPort = {-1};
        Thread demo = new Thread(() -> exit[0] = cl.execute("demo", "--port", "0", "--runtime", runtime,
                "--data-dir", dataDir.toString(), "--ssh-ports-from", Integer.toString(FreePorts.block(20))), "demo");
        demo.start();
        try {
            Instant deadline = Instant.now().plusSeconds(120);
            while (!out.toString().contains("\nready: ") && demo.isAlive() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            String banner = out.toString();
            assertThat(banner).as("demo output; stderr:\n" + err).contains("ready: 2 miners discovered");
            assertThat(banner).contains("runtime: " + runtime + " (").contains("miner //Bob").contains("miner //Charlie");
            String url = group(CONSOLE, banner);
            String key = group(ADMIN_KEY, banner);
            assertThat(Files.readString(dataDir.resolve("admin.key")).strip()).isEqualTo(key);

            // command 1: the miners are listed
            JsonNode resources = post(url + "/list/resources_sql", key, null);
            assertThat(resources.path("data").path("page_items")).hasSize(2);
            // command 2: allocate with the printed body (it carries the demo's public key)
            JsonNode allocated = post(url + "/service/allocate_spec", key,
                    Files.readString(dataDir.resolve("allocate.json")));
            assertThat(allocated.path("success").asBoolean()).as(allocated.toString()).isTrue();
            int port = allocated.path("data").path("ssh_port").asInt();
            allocatedPort[0] = port;
            // command 3: an SSH login with the demo key, as printed
            assertThat(banner).contains("ssh -i " + dataDir + "/ssh/id_ecdsa");
            assertThat(ssh(port, "echo logged-in-as-$(whoami)")).contains("logged-in-as-root");
        } finally {
            demo.interrupt(); // what the shutdown hook does on Ctrl-C: the command cleans up, then returns
            demo.join(TimeUnit.SECONDS.toMillis(90));
        }
        assertThat(demo.isAlive()).as("demo still running after stop").isFalse();
        assertThat(exit[0]).isZero();
        assertThat(out.toString()).contains("stopped; nothing left running");
        for (String miner : List.of("Bob", "Charlie")) {
            Path dir = dataDir.resolve("miners").resolve(miner);
            try (Ledger ledger = Ledger.open(dir)) {
                assertThat(ledger.live()).as("live allocations on " + miner).isEmpty();
            }
            Path sandboxes = dir.resolve("sandbox");
            if (Files.isDirectory(sandboxes)) {
                try (Stream<Path> left = Files.list(sandboxes)) {
                    assertThat(left).as("sandboxes left on " + miner).isEmpty();
                }
            }
        }
        if (docker != null) {
            // other tests may run containers of their own: look for this demo's, by port and by volume label
            List<Container> managed = docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(List.of("io.computeregister.managed=true")).exec();
            for (Container c : managed) {
                assertThat(c.getPorts()).extracting(ContainerPort::getPublicPort).as("ports of " + List.of(c.getNames()))
                        .doesNotContain(allocatedPort[0]);
                assertThat(String.valueOf(c.getLabels().get("io.computeregister.volume")))
                        .as("container " + List.of(c.getNames()) + " left behind").doesNotStartWith(dataDir.toString());
            }
            docker.close();
        }
        try (Socket s = new Socket()) {
            // the API is gone too
            assertThat(tryConnect(s, group(CONSOLE, out.toString()))).isFalse();
        }
    }

    @Test
    void a_bad_runtime_is_named_and_nothing_starts() {
        StringWriter err = new StringWriter();
        CommandLine cl = ComputeCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("demo", "--runtime", "podman", "--data-dir", dataDir.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--runtime must be docker, sandbox or auto, got 'podman'")
                .doesNotContain("Exception");
    }

    private static boolean tryConnect(Socket s, String url) {
        URI uri = URI.create(url);
        try {
            s.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String ssh(int port, String command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("ssh", "-i", dataDir.resolve("ssh/id_ecdsa").toString(),
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR", "-p", Integer.toString(port), "root@127.0.0.1",
                command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ssh did not finish within 30 s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static JsonNode post(String url, String key, String body) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(p + " in:\n" + text).isTrue();
        return m.group(1);
    }

    private static void requireSshClient() {
        boolean present = Stream.of("/usr/bin/ssh", "/bin/ssh", "/usr/local/bin/ssh").anyMatch(f -> Files.isExecutable(Path.of(f)));
        if (!present) {
            if ("true".equals(System.getenv("CI"))) fail("CI=true but no ssh client is installed");
            System.out.println("SKIPPED (demo): no ssh client installed (apt-get install openssh-client)");
            Assumptions.abort("no ssh client");
        }
    }

    private static DockerClient requireDocker() {
        String host = System.getenv("DOCKER_HOST") == null ? DockerConnection.DEFAULT_HOST : System.getenv("DOCKER_HOST");
        try {
            DockerClient docker = DockerConnection.open(host, Duration.ofMinutes(3));
            docker.pingCmd().exec();
            SshTestImage.ensureBuilt(docker, SshTestImage.DEFAULT_TAG, false);
            return docker;
        } catch (RuntimeException e) {
            String reason = "docker at " + host + " unusable: " + e.getMessage();
            if ("1".equals(System.getenv("REQUIRE_DOCKER"))) fail("REQUIRE_DOCKER=1 but " + reason);
            System.out.println("SKIPPED (docker): " + reason);
            Assumptions.abort(reason);
            return null;
        }
    }

}
