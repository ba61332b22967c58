package io.computeregister.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.cli.ComputeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The renter commands, in process, against a real register API whose miners start real sandbox SSH servers. */
class RenterCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private RenterApi api;
    private String key;
    private Path home;

    record Run(int exit, String out, String err) {}

    @BeforeEach
    void start() throws Exception {
        api = new RenterApi(tmp);
        key = api.renterKey("acme");
        home = tmp.resolve("home");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Runs {@code compute VERB --api URL --key KEY --home DIR ARGS...}. */
    private Run run(String verb, String... args) {
        List<String> argv = new ArrayList<>(List.of(verb, "--api", api.url, "--key", key, "--home", home.toString()));
        argv.addAll(List.of(args));
        return runRaw(argv.toArray(String[]::new));
    }

    private static Run runRaw(String... argv) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = ComputeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(argv);
        return new Run(exit, out.toString(), err.toString().strip());
    }

    private JsonNode allocateJson(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("--json"));
        a.addAll(List.of(args));
        Run r = run("allocate", a.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void allocate_by_spec_prints_the_allocation_and_keeps_the_credentials_private() throws Exception {
        Run r = run("allocate", "--gpu-type", "a100", "--gpu-size", "40", "--cpus", "4", "--ram", "16", "--disk", "100",
                "--days", "7");

        assertThat(r.exit()).as(r.err()).isZero();
        String uuid = r.out().lines().filter(l -> l.startsWith("uuid")).findFirst().orElseThrow().split("\\s+")[1];
        assertThat(r.out()).contains(RenterApi.HK_A100).contains("nvidia a100-sxm4-80gb")
                .contains("ssh root@127.0.0.1 -p ").contains("compute ssh " + uuid);
        assertThat(r.err()).contains("finding a miner and starting a container").contains("finished after");
        Path stored = home.resolve("allocations").resolve(uuid + ".json");
        assertThat(Files.getPosixFilePermissions(stored)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(stored.getParent()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        String password = JSON.readTree(Files.readString(stored)).path("allocation").path("ssh_password").asText();
        assertThat(password).startsWith("Pw");
        assertThat(r.out() + r.err()).doesNotContain(password);
    }

    @Test
    void allocate_by_hotkey_with_json_prints_the_data_and_sends_the_public_key() throws Exception {
        Path pub = keyPair().resolveSibling("id_ed25519.pub");

        JsonNode a = allocateJson("--hotkey", RenterApi.HK_4090, "--ssh-key", pub.toString());

        assertThat(a.path("hotkey").asText()).isEqualTo(RenterApi.HK_4090);
        assertThat(a.path("ssh_key").asText()).isEqualTo(Files.readString(pub).strip());
        assertThat(a.path("uuid_key").asText()).matches("[0-9a-f-]{36}");
        assertThat(a.path("ssh_port").asInt()).isPositive();
    }

    @Test
    void ssh_with_the_stored_password_runs_a_command_and_returns_its_exit_code() throws Exception {
        JsonNode a = allocateJson("--gpu-type", "4090", "--days", "1");
        String uuid = a.path("uuid_key").asText();

        Run hi = run("ssh", uuid, "--", "echo", "hi", "from", "$HOME");
        Run fails = run("ssh", uuid, "--", "exit", "7");

        assertThat(hi.exit()).as(hi.err()).isZero();
        assertThat(hi.out()).startsWith("hi from /root"); // $HOME expanded by the remote shell, in its sandbox
        assertThat(fails.exit()).isEqualTo(7);
    }

    @Test
    void ssh_with_the_key_given_at_allocate_time_uses_the_openssh_client() throws Exception {
        Path priv = keyPair();
        JsonNode a = allocateJson("--gpu-type", "4090", "--ssh-key", priv.resolveSibling("id_ed25519.pub").toString());
        String uuid = a.path("uuid_key").asText();
        // the key, not the password, must be what logs in: forget the password
        Path stored = home.resolve("allocations").resolve(uuid + ".json");
        Files.writeString(stored, Files.readString(stored).replace(a.path("ssh_password").asText(), ""));

        Run r = run("ssh", uuid, "--", "echo", "key-login");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("key-login");
    }

    @Test
    void deallocate_finds_the_hotkey_in_the_store_frees_the_miner_and_forgets_the_credentials() throws Exception {
        String uuid = allocateJson("--hotkey", RenterApi.HK_4090).path("uuid_key").asText();
        assertThat(api.miners.byHotkey).containsKey(RenterApi.HK_4090);

        Run r = run("deallocate", uuid);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("Resource deallocated successfully.");
        assertThat(api.miners.byHotkey).doesNotContainKey(RenterApi.HK_4090);
        assertThat(home.resolve("allocations").resolve(uuid + ".json")).doesNotExist();
        Run again = run("deallocate", uuid);
        assertThat(again.exit()).isIn(1);
    }

    @Test
    void list_allocations_shows_the_allocation_without_its_password() throws Exception {
        JsonNode a = allocateJson("--hotkey", RenterApi.HK_A100);
        Run probe = run("list", "allocations", "--json");
        Assumptions.assumeFalse(probe.err().contains("may not have this endpoint"),
                "this API build has no /list/allocations_sql yet: " + probe.err());

        Run table = run("list", "allocations");

        assertThat(probe.exit()).as(probe.err()).isZero();
        JsonNode data = JSON.readTree(probe.out());
        assertThat(ListCommand.items(data)).extracting(n -> n.path("uuid_key").asText())
                .contains(a.path("uuid_key").asText());
        assertThat(table.out()).contains(a.path("uuid_key").asText()).contains(RenterApi.HK_A100)
                .doesNotContain(a.path("ssh_password").asText());
    }

    @Test
    void extend_logs_and_usage_print_what_the_api_answers() throws Exception {
        JsonNode a = allocateJson("--cpus", "2", "--days", "7");
        String uuid = a.path("uuid_key").asText();

        Run extended = run("extend", uuid, "--days", "3");
        assertThat(extended.exit()).as(extended.err()).isZero();
        java.time.Instant expires = java.time.Instant.parse(extended.out().strip()
                .replace("Lease extended; expires at ", ""));
        assertThat(expires).isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(9)));
        Run refused = run("extend", uuid, "--days", "0");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("days");

        Run logs = run("logs", uuid, "--tail", "20");
        assertThat(logs.exit()).as(logs.err()).isZero();
        assertThat(logs.out()).as("the sandbox keeps no container output").isEmpty();
        assertThat(run("logs", uuid, "--tail", "0").exit()).isEqualTo(1);

        Run usage = run("usage");
        assertThat(usage.exit()).as(usage.err()).isZero();
        assertThat(usage.out()).contains("TENANT").contains("acme");
        Run csv = run("usage", "--csv");
        assertThat(csv.out().lines().findFirst().orElse("")).isEqualTo("tenant,from,to,allocations,gpu_hours,core_hours");
        assertThat(csv.out().lines().skip(1).findFirst().orElse("")).startsWith("acme,").contains(",1,");
    }

    @Test
    void allocate_sends_gpu_count_ports_and_volume_and_a_bad_port_is_the_apis_422() throws Exception {
        Run bad = run("allocate", "--cpus", "1", "--port", "70000");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("ports");
        Run badCount = run("allocate", "--gpu-count", "0");
        assertThat(badCount.exit()).isEqualTo(2);
        assertThat(badCount.err()).contains("--gpu-count must be at least 1");

        // No miner here has a catalog (stand-ins of the original's shape): the name is ignored, as the original did.
        JsonNode a = allocateJson("--cpus", "1", "--port", "8888", "--volume", "/data", "--image", "pytorch");
        assertThat(a.path("uuid_key").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void a_refusal_is_one_line_with_the_apis_message_and_detail_and_exit_code_1() {
        Run r = run("allocate", "--gpu-type", "h100", "--gpu-size", "80");

        assertThat(r.exit()).isEqualTo(1);
        List<String> errorLines = r.err().lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errorLines).hasSize(1);
        assertThat(errorLines.getFirst()).startsWith("error: Fail to allocate resource: ").contains("(HTTP 404)");
        assertThat(r.out()).isEmpty();
        assertThat(home.resolve("allocations")).doesNotExist();
    }

    @Test
    void a_wrong_api_key_is_a_one_line_401_with_exit_code_1() {
        key = "cr_not-a-real-key";
        Run r = run("allocate", "--hotkey", RenterApi.HK_4090);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.startsWith("error: "))).singleElement().asString()
                .contains("HTTP 401").contains("API key");
        assertThat(r.err()).doesNotContain("cr_not-a-real-key").doesNotContain("\tat ");
    }

    @Test
    void an_unreachable_api_is_exit_code_2_naming_the_address() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Run r = runRaw("deallocate", "--api", "http://127.0.0.1:" + closed, "--home", home.toString(),
                "123e4567-e89b-12d3-a456-426614174000");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: cannot reach the register API at http://127.0.0.1:" + closed
                + " (connection refused); start it with 'compute api' or pass --api URL / set COMPUTE_API");
    }

    @Test
    void bad_usage_is_exit_code_2_naming_the_options() {
        Run both = run("allocate", "--hotkey", RenterApi.HK_4090, "--cpus", "2");
        Run negative = run("allocate", "--ram", "-1");
        Run traversal = run("ssh", "../../etc/passwd");
        Run sizeOnly = run("allocate", "--gpu-size", "40");

        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--hotkey").contains("do not combine");
        assertThat(negative.exit()).isEqualTo(2);
        assertThat(negative.err()).contains("--ram must be 0 or more, got -1");
        assertThat(traversal.exit()).isEqualTo(2);
        assertThat(traversal.err()).contains("not an allocation uuid");
        assertThat(sizeOnly.exit()).isEqualTo(2);
        assertThat(sizeOnly.err()).contains("--gpu-size needs --gpu-type");
    }

    @Test
    void restart_pause_and_unpause_reach_the_miner_with_the_allocations_key() throws Exception {
        String uuid = allocateJson("--hotkey", RenterApi.HK_4090).path("uuid_key").asText();
        Run probe = run("pause", uuid);
        Assumptions.assumeFalse(probe.err().contains("may not have this endpoint"),
                "this API build has no /service/pause_docker yet: " + probe.err());

        assertThat(probe.exit()).as(probe.err()).isZero();
        assertThat(probe.out().strip()).isEqualTo("Resource paused successfully.");
        assertThat(run("unpause", uuid).out().strip()).isEqualTo("Resource unpaused successfully.");
        assertThat(run("restart", uuid).out().strip()).isEqualTo("Resource restarted successfully.");
        assertThat(run("ssh", uuid, "--", "echo", "back").out().strip()).isEqualTo("back");
    }

    @Test
    void a_private_key_file_is_accepted_and_its_public_half_is_sent() throws Exception {
        Path priv = keyPair();
        String[] pub = Files.readString(priv.resolveSibling("id_ed25519.pub")).strip().split(" ");

        JsonNode a = allocateJson("--hotkey", RenterApi.HK_A100, "--ssh-key", priv.toString());

        assertThat(a.path("ssh_key").asText()).startsWith(pub[0] + " " + pub[1]);
        Run r = run("ssh", a.path("uuid_key").asText(), "--", "echo", "ok");
        assertThat(r.out().strip()).as(r.err()).isEqualTo("ok");
    }

    @Test
    void dry_run_explains_the_choice_and_reserves_nothing() throws Exception {
        Run r = run("allocate", "--gpu-type", "4090", "--dry-run");
        Run json = run("allocate", "--gpu-type", "4090", "--dry-run", "--json");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Dry run (nothing reserved):").contains(RenterApi.HK_4090)
                .doesNotContain(RenterApi.HK_A100);
        assertThat(JSON.readTree(json.out()).path("evaluated").asInt()).isEqualTo(2);
        assertThat(api.miners.byHotkey).isEmpty();
        assertThat(home.resolve("allocations")).doesNotExist();
    }

    @Test
    void exchange_key_lets_the_new_key_log_in() throws Exception {
        String uuid = allocateJson("--hotkey", RenterApi.HK_4090).path("uuid_key").asText();
        Path priv = keyPair();

        Run r = run("exchange-key", uuid, "--ssh-key", priv.resolveSibling("id_ed25519.pub").toString());
        Assumptions.assumeFalse(r.err().contains("may not have this endpoint"),
                "this API build has no /service/exchange_docker_key yet: " + r.err());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("Resource ssh_key is exchanged successfully.");
        JsonNode stored = JSON.readTree(Files.readString(home.resolve("allocations").resolve(uuid + ".json")));
        assertThat(stored.path("identity_file").asText()).isEqualTo(priv.toString());
        Run login = run("ssh", uuid, "--", "echo", "new-key");
        assertThat(login.out().strip()).as(login.err()).isEqualTo("new-key");
    }

    /** An ed25519 key pair made by OpenSSH's ssh-keygen; returns the private key's path. */
    private Path keyPair() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("keys"));
        Path priv = dir.resolve("id_ed25519");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "renter@test", "-f",
                priv.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return priv;
    }
}
