package io.computeregister.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.api.auth.ApiKeys;
import io.computeregister.api.budget.RequestBudgets;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.SecretBox;
import io.computeregister.api.store.SecretKeyCheck;
import io.computeregister.api.webhooks.WebhookTargets;
import io.computeregister.cli.ComputeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApiCommandTest {

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern KEY = Pattern.compile("(cr_[A-Za-z0-9_-]+)");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    /** A synchronized writer pair, readable while the command still runs on another thread. */
    private static final class Streams {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        CommandLine commandLine() {
            CommandLine cl = ComputeCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            return cl;
        }

        synchronized String out() {
            return out.toString();
        }
    }

    private static Run run(String... args) {
        Streams s = new Streams();
        int exit = s.commandLine().execute(args);
        return new Run(exit, s.out.toString(), s.err.toString().strip());
    }

    private Path emptyMetagraph() throws Exception {
        Path file = tmp.resolve("metagraph.json");
        Files.writeString(file, "{\"netuid\": 27, \"n\": 0, \"neurons\": []}");
        return file;
    }

    private String[] args(String... extra) throws Exception {
        String[] base = {"api", "--port", "0", "--data-dir", tmp.resolve("data").toString(),
                "--metagraph", "static:" + emptyMetagraph(), "--hotkey", "//Alice"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void a_missing_metagraph_is_named() {
        Run r = run("api", "--port", "0", "--data-dir", tmp.toString(), "--hotkey", "//Alice");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--metagraph is required");
    }

    @Test
    void a_missing_hotkey_is_named() throws Exception {
        Run r = run("api", "--port", "0", "--data-dir", tmp.toString(), "--metagraph", "static:" + emptyMetagraph());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--hotkey SURI, or --wallet NAME --hotkey-name NAME");
    }

    @Test
    void hotkey_and_wallet_together_are_refused() throws Exception {
        Run r = run(args("--wallet", "w", "--hotkey-name", "h"));
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void bad_flag_values_are_named_and_nothing_is_written() throws Exception {
        assertThat(run(args("--auth", "maybe")).err()).contains("--auth must be key or none, got 'maybe'");
        assertThat(run(args("--verify-ssh", "yes")).err()).contains("--verify-ssh must be true or false");
        assertThat(run(args("--db", "jdbc:mysql://x/y?password=hunter2")).err())
                .contains("--db must start with jdbc:sqlite: or jdbc:postgresql:").doesNotContain("hunter2");
        assertThat(run(args("--allow-ip", "10.0.0.0/99")).err()).contains("--allow-ip");
        assertThat(run(args("--health-period", "0")).err()).contains("--health-period must be 0.1..3600 seconds");
        assertThat(run(args("--health-misses", "0")).err()).contains("--health-misses must be 1..1000, got 0");
        assertThat(run(args("--expiry-period", "-1")).err()).contains("--expiry-period must be 0.1..86400 seconds");
        assertThat(run(args("--budget-probes", "100")).err()).contains("--budget-probes must be 0 (off) or 4096");
        assertThat(run(args("--budget-allocations", "-1")).err()).contains("--budget-allocations must be 0 (off)");
        assertThat(run(args("--specs-from", "specs,chain")).err())
                .contains("--specs-from: unknown source 'chain' (known: specs,wandb,validator-db)");
        assertThat(run(args("--specs-from", "specs,specs")).err()).contains("--specs-from names a source twice");
        assertThat(run(args("--specs-from", "validator-db")).err())
                .contains("--specs-from validator-db needs --validator-db FILE");
        assertThat(run("api", "--port", "0", "--data-dir", tmp.resolve("data").toString(), "--metagraph", "ftp:x",
                "--hotkey", "//Alice").err()).contains("--metagraph 'ftp:x'");
        assertThat(run(args("--host", "0.0.0.0", "--auth", "none")).err()).contains("--allow");
        assertThat(run("api", "--port", "0", "--data-dir", tmp.resolve("data").toString(), "--metagraph",
                "static:" + emptyMetagraph(), "--hotkey", "not a valid suri at all").err()).startsWith("error: --hotkey")
                .doesNotContain("not a valid suri");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void tls_options_out_of_place_and_a_bad_blocked_miners_file_are_named_and_nothing_is_written() throws Exception {
        assertThat(run(args("--tls-cert", tmp.resolve("c.pem").toString())).err())
                .contains("--tls-cert and --tls-key go together");
        assertThat(run(args("--tls-client-ca", tmp.resolve("ca.pem").toString())).err())
                .contains("--tls-client-ca needs --tls-cert and --tls-key");
        Path blocked = tmp.resolve("blocked.txt");
        Files.writeString(blocked, "# bad actors\n5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty # abuse\nnot-a-hotkey\n");
        assertThat(run(args("--blocked-miners", blocked.toString())).err())
                .contains("--blocked-miners " + blocked + " line 3: not an SS58 hotkey: 'not-a-hotkey'");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void a_wallet_that_does_not_exist_is_named() throws Exception {
        Run r = run("api", "--port", "0", "--data-dir", tmp.toString(), "--metagraph", "static:" + emptyMetagraph(),
                "--wallet", "nowallet", "--hotkey-name", "default", "--wallet-path", tmp.resolve("wallets").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --wallet/--hotkey-name");
    }

    @Test
    void keys_create_needs_a_valid_name() {
        Run r = run("api", "keys", "create", "--name", "bad name!", "--data-dir", tmp.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--name must be 1-64 characters");
    }

    @Test
    void an_api_whose_secret_key_is_not_the_stores_exits_naming_COMPUTE_SECRET_KEY_and_never_printing_a_key()
            throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        // A first start recorded the fingerprint of the key in DATA_DIR/secret.key ...
        try (Database database = Database.open("jdbc:sqlite:" + data.resolve("register.db"), null, null)) {
            SecretKeyCheck.verify(database, SecretBox.fromEnvOrKeyFile(null, data));
        }
        String recorded = Files.readString(data.resolve("secret.key")).strip();
        // ... then the file was replaced by another key (a copy from elsewhere, a lost backup).
        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        String otherKey = java.util.Base64.getEncoder().encodeToString(other);
        Files.writeString(data.resolve("secret.key"), otherKey + "\n");

        Run r = run(args());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: cannot start the API: COMPUTE_SECRET_KEY is not the key")
                .doesNotContain(recorded).doesNotContain(otherKey);
        assertThat(r.out()).doesNotContain(recorded).doesNotContain(otherKey);
    }

    @Test
    void keys_list_shows_prefixes_never_keys_and_keys_revoke_revokes_by_prefix() {
        String dataDir = tmp.resolve("data").toString();
        String acme = onlyKey(run("api", "keys", "create", "--name", "acme", "--data-dir", dataDir));
        String globex = onlyKey(run("api", "keys", "create", "--name", "globex", "--data-dir", dataDir));

        Run listed = run("api", "keys", "list", "--data-dir", dataDir);
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).startsWith("TENANT").contains("acme").contains("globex")
                .contains(ApiKeys.prefixOf(acme)).contains(ApiKeys.prefixOf(globex))
                .doesNotContain(acme).doesNotContain(globex);

        Run revoked = run("api", "keys", "revoke", ApiKeys.prefixOf(acme), "--data-dir", dataDir);
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("API key " + ApiKeys.prefixOf(acme) + " of tenant acme revoked at");
        String acmeLine = run("api", "keys", "list", "--data-dir", dataDir).out().lines()
                .filter(l -> l.contains(ApiKeys.prefixOf(acme))).findFirst().orElseThrow();
        assertThat(acmeLine.trim().split("\\s+")).as(acmeLine).hasSize(4); // the REVOKED column is filled
        String globexLine = run("api", "keys", "list", "--data-dir", dataDir).out().lines()
                .filter(l -> l.contains(ApiKeys.prefixOf(globex))).findFirst().orElseThrow();
        assertThat(globexLine.trim().split("\\s+")).as(globexLine).hasSize(3);

        Run unknown = run("api", "keys", "revoke", "cr_nothere", "--data-dir", dataDir);
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no API key has prefix 'cr_nothere'");
    }

    private static String onlyKey(Run created) {
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher m = KEY.matcher(created.out());
        assertThat(m.find()).as(created.out()).isTrue();
        return m.group(1);
    }

    @Test
    void request_budgets_default_to_generous_values_and_follow_their_flags() throws Exception {
        assertThat(parsed(args()).config().budgets()).isEqualTo(RequestBudgets.DEFAULTS);
        assertThat(parsed(args("--budget-probes", "0", "--budget-allocations", "10")).config().budgets())
                .isEqualTo(new RequestBudgets(0, 10));
        Run help = run("api", "--help");
        assertThat(help.out()).contains("--budget-probes=N").contains("--budget-allocations=N")
                .contains("429 with Retry-After");
    }

    @Test
    void webhooks_reach_only_public_addresses_unless_allow_private_webhooks_is_given() throws Exception {
        assertThat(parsed(args()).config().webhookTargets()).isEqualTo(WebhookTargets.PUBLIC_ONLY);
        assertThat(parsed(args("--allow-private-webhooks")).config().webhookTargets()).isEqualTo(WebhookTargets.ANY);
    }

    private static ApiCommand parsed(String... argv) {
        CommandLine cl = ComputeCommand.commandLine();
        return cl.parseArgs(argv).subcommand().commandSpec().commandLine().getCommand();
    }

    @Test
    void the_server_starts_on_port_0_answers_and_accepts_a_key_created_by_the_cli() throws Exception {
        Run created = run("api", "keys", "create", "--name", "acme", "--data-dir", tmp.resolve("data").toString());
        assertThat(created.exit()).as(created.err()).isZero();
        Matcher km = KEY.matcher(created.out());
        assertThat(km.find()).as(created.out()).isTrue();
        String renterKey = km.group(1);

        Streams s = new Streams();
        CommandLine cl = s.commandLine();
        AtomicInteger exit = new AtomicInteger(-1);
        String[] argv = args("--discovery-period", "1");
        Thread server = Thread.ofPlatform().name("api-command-test").start(() -> exit.set(cl.execute(argv)));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(s.out()).find() || !server.isAlive());
            Matcher m = LISTENING.matcher(s.out());
            assertThat(m.find()).as("stdout: %s stderr: %s", s.out(), s.err).isTrue();
            int port = Integer.parseInt(m.group(1));
            assertThat(s.out()).contains("Admin API key (shown once");

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> welcome = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(welcome.statusCode()).isEqualTo(200);
            // With SQLite the one process runs the background jobs.
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).contains("\"leader\":true").contains("\"store\":\"ok\"");

            // The CLI-made key authenticates (a renter: 403 on an admin route, not the 401 of an unknown key).
            HttpResponse<String> asRenter = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/admin/keys"))
                    .header("Authorization", "Bearer " + renterKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(asRenter.statusCode()).isEqualTo(403);

            // Revoked through the CLI while the server runs: refused from the next request on.
            Run revoked = run("api", "keys", "revoke", ApiKeys.prefixOf(renterKey), "--data-dir",
                    tmp.resolve("data").toString());
            assertThat(revoked.exit()).as(revoked.err()).isZero();
            HttpResponse<String> afterRevoke = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/admin/keys"))
                    .header("Authorization", "Bearer " + renterKey)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tenant\":\"x\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(afterRevoke.statusCode()).isEqualTo(401);
        } finally {
            server.interrupt();
            server.join(Duration.ofSeconds(20));
        }
        assertThat(server.isAlive()).isFalse();
        assertThat(exit.get()).isZero();
    }
}
