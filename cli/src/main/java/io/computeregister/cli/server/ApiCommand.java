package io.computeregister.cli.server;

import io.computeregister.api.ApiConfig;
import io.computeregister.api.ApiMain;
import io.computeregister.api.auth.ApiKeys;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.auth.IpAllowlist;
import io.computeregister.api.budget.RequestBudgets;
import io.computeregister.api.store.ApiKeyInfo;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.KeyRevocation;
import io.computeregister.api.store.SecretBox;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.api.tls.TlsFiles;
import io.computeregister.api.webhooks.WebhookTargets;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.MetagraphSource;
import io.computeregister.cli.CliErrors.UserError;
import io.computeregister.cli.client.Table;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compute api}: runs the RegisterAPI (HTTP server, store, miner discovery, dendrite to miners) until stopped;
 * {@code compute api keys create|list|revoke} manage API keys directly in the store.
 */
@Command(
        name = "api",
        mixinStandardHelpOptions = true,
        description = {
            "Run the register API: HTTP on --host:--port, miners from --metagraph, calls to miners signed by the hotkey.",
            "Without COMPUTE_ADMIN_KEY an admin key is generated on the first start and printed once."
        },
        subcommands = ApiCommand.Keys.class,
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped", "2:bad arguments or the server could not start"})
public final class ApiCommand implements Callable<Integer> {

    static final String ENV_DB_PASSWORD = "COMPUTE_DB_PASSWORD";

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8903",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Mixin
    StoreOptions store = new StoreOptions();

    @Option(names = "--metagraph", paramLabel = "SOURCE",
            description = "static:FILE (JSON as `compute metagraph` prints it) or subtensor:URL. Required.")
    String metagraph;

    @Option(names = "--netuid", paramLabel = "N", defaultValue = "27", description = "Subnet (default: ${DEFAULT-VALUE}).")
    int netuid;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    HotkeyOptions hotkey;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "key",
            description = "key (Bearer API keys) or none (every allowed caller is admin; loopback or --allow-ip only).")
    String auth;

    @Option(names = "--allow-ip", paramLabel = "CIDR", description = "Only these callers (repeatable), e.g. 10.0.0.0/8.")
    List<String> allowIps = new ArrayList<>();

    @Option(names = "--verify-ssh", paramLabel = "BOOL", defaultValue = "true", arity = "1",
            description = "Check the renter's SSH port answers before reporting an allocation (default: ${DEFAULT-VALUE}).")
    String verifySsh;

    @Option(names = "--discovery-period", paramLabel = "SECONDS", defaultValue = "600",
            description = "How often to reload the metagraph and ask miners for specs (default: ${DEFAULT-VALUE}).")
    double discoverySeconds;

    @Option(names = "--allow-private-webhooks",
            description = "Let renters' webhooks reach loopback, private and link-local addresses (a private fleet "
                    + "whose receivers are on the internal network). Off: only public addresses.")
    boolean allowPrivateWebhooks;

    @Option(names = "--specs-from", paramLabel = "SOURCES", split = ",",
            description = "Where miners' specs come from, in precedence order: specs (the miner's own Specs answer: "
                    + "our miners), wandb (signed W&B miner runs: original Python miners; needs WANDB_API_KEY), "
                    + "validator-db (an original validator's database.db, with --validator-db). Default: specs, plus "
                    + "wandb when WANDB_API_KEY is set, plus validator-db when --validator-db is given.")
    List<String> specsFrom;

    @Option(names = "--validator-db", paramLabel = "FILE",
            description = "An original validator's database.db to read miners' specs from (read-only; "
                    + "its miner_details table).")
    Path validatorDb;

    @Option(names = "--blocked-miners", paramLabel = "FILE",
            description = "Miner hotkeys to block at start: one SS58 per line, optionally '# reason'.")
    Path blockedMiners;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Serve HTTPS with this certificate chain (PEM); needs --tls-key. No plain HTTP then.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key of --tls-cert (PEM, unencrypted).")
    Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM",
            description = "Mutual TLS: only clients with a certificate from this CA (PEM) may connect.")
    Path tlsClientCa;
    @Option(names = "--health-period", paramLabel = "SECONDS", defaultValue = "20",
            description = "Time between health probes of every allocated miner (default: ${DEFAULT-VALUE}).")
    double healthSeconds;

    @Option(names = "--health-misses", paramLabel = "N", defaultValue = "3",
            description = "Consecutive unanswered probes before an allocation is reported down (default: ${DEFAULT-VALUE}).")
    int healthMisses;

    @Option(names = "--expiry-period", paramLabel = "SECONDS", defaultValue = "60",
            description = "Time between checks for allocations past their timeline (default: ${DEFAULT-VALUE}).")
    double expirySeconds;

    @Option(names = "--budget-probes", paramLabel = "N", defaultValue = "20480",
            description = "Hotkeys each tenant may have check_miner_status probe per minute, on this replica (a "
                    + "minute's worth at once); beyond it 429 with Retry-After. At least 4096 (one full call); 0: no "
                    + "limit. Admins are exempt (default: ${DEFAULT-VALUE}).")
    long budgetProbes;

    @Option(names = "--budget-allocations", paramLabel = "N", defaultValue = "120",
            description = "allocate_spec/allocate_hotkey requests (not dry runs) each tenant may make per minute, on "
                    + "this replica; beyond it 429 with Retry-After. 0: no limit. Admins are exempt "
                    + "(default: ${DEFAULT-VALUE}).")
    long budgetAllocations;

    /** Counted down by the shutdown hook; a test stops the server by interrupting the command's thread instead. */
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() {
        ApiConfig config = config();
        JobsConfig jobs = jobsConfig();
        MetagraphSource source = metagraphSource();
        Keypair key = keypair();
        PrintWriter out = spec.commandLine().getOut();
        PrintStream console = new PrintStream(new LinesTo(out), true, StandardCharsets.UTF_8);
        ApiMain api;
        try {
            api = ApiMain.start(config, jobs, key, source, store.password(), System.getenv(), console);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new UserError("cannot start the API: " + e.getMessage());
        } catch (RuntimeException e) {
            // Driver and pool errors (e.g. the database refuses the login) carry their cause in the message.
            throw new UserError("cannot start the API: " + rootMessage(e));
        }
        Thread hook = new Thread(stop::countDown, "api-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (api) {
            String scheme = config.tls() == null ? "http" : "https";
            out.println("register API listening on " + scheme + "://" + config.host() + ":" + api.port() + " (hotkey "
                    + key.ss58Address() + ")");
            out.flush();
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: nothing to remove
            }
        }
        return 0;
    }

    JobsConfig jobsConfig() {
        if (!(healthSeconds >= 0.1) || healthSeconds > 3600) {
            throw new UserError("--health-period must be 0.1..3600 seconds, got " + healthSeconds);
        }
        if (healthMisses < 1 || healthMisses > 1000) {
            throw new UserError("--health-misses must be 1..1000, got " + healthMisses);
        }
        if (!(expirySeconds >= 0.1) || expirySeconds > 86_400) {
            throw new UserError("--expiry-period must be 0.1..86400 seconds, got " + expirySeconds);
        }
        return JobsConfig.defaults()
                .withHealth(Duration.ofMillis((long) (healthSeconds * 1000)), healthMisses)
                .withExpiry(Duration.ofMillis((long) (expirySeconds * 1000)));
    }

    ApiConfig config() {
        AuthMode mode = switch (auth.toLowerCase(Locale.ROOT)) {
            case "key", "keys" -> AuthMode.KEYS;
            case "none" -> AuthMode.NONE;
            default -> throw new UserError("--auth must be key or none, got '" + auth + "'");
        };
        boolean verify = switch (verifySsh.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UserError("--verify-ssh must be true or false, got '" + verifySsh + "'");
        };
        if (netuid < 0 || netuid > 0xffff) throw new UserError("--netuid must be 0..65535, got " + netuid);
        if (!(discoverySeconds >= 0.1) || discoverySeconds > 86_400) {
            throw new UserError("--discovery-period must be 0.1..86400 seconds, got " + discoverySeconds);
        }
        try {
            IpAllowlist.parse(allowIps);
        } catch (IllegalArgumentException e) {
            throw new UserError("--allow-ip: " + e.getMessage());
        }
        try {
            return new ApiConfig(host, port, store.dataDir(), store.url, store.user, mode, allowIps, verify,
                    Duration.ofMillis((long) (discoverySeconds * 1000)), blockedMiners, tls(),
                    allowPrivateWebhooks ? WebhookTargets.ANY : WebhookTargets.PUBLIC_ONLY,
                    new RequestBudgets(budgetProbes, budgetAllocations)).withSpecsSources(specsFrom, validatorDb);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private TlsFiles tls() {
        if (tlsCert == null && tlsKey == null) {
            if (tlsClientCa != null) throw new UserError("--tls-client-ca needs --tls-cert and --tls-key");
            return null;
        }
        if (tlsCert == null || tlsKey == null) throw new UserError("--tls-cert and --tls-key go together");
        return new TlsFiles(tlsCert, tlsKey, tlsClientCa);
    }

    private MetagraphSource metagraphSource() {
        if (metagraph == null) {
            throw new UserError("--metagraph is required: static:FILE or subtensor:URL");
        }
        try {
            return MetagraphSource.parse(metagraph, netuid);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Keypair keypair() {
        if (hotkey == null) {
            throw new UserError("a hotkey is required: --hotkey SURI, or --wallet NAME --hotkey-name NAME");
        }
        return hotkey.keypair();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Passes whole lines written to a PrintStream on to the command's writer (where tests can read them). */
    private static final class LinesTo extends OutputStream {
        private final PrintWriter out;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LinesTo(PrintWriter out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                out.println(line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            } else {
                line.write(b);
            }
        }
    }

    /** Where the store lives; shared by {@code api} and {@code api keys ...}. */
    static final class StoreOptions {
        @Option(names = "--db", paramLabel = "JDBC_URL",
                description = "jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB (default: SQLite at DATA_DIR/register.db).")
        String url;

        @Option(names = "--db-user", paramLabel = "USER", description = "Database user (PostgreSQL).")
        String user;

        @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Database password; or set "
                + ENV_DB_PASSWORD + " (keeps it out of the process list).")
        String password;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "State directory: SQLite file, secret.key (default: ~/.compute/api).")
        Path dataDir;

        Path dataDir() {
            return dataDir != null ? dataDir : Path.of(System.getProperty("user.home"), ".compute", "api");
        }

        String password() {
            return password != null ? password : System.getenv(ENV_DB_PASSWORD);
        }

        String effectiveUrl() {
            return url != null ? url : "jdbc:sqlite:" + dataDir().resolve("register.db");
        }

        /**
         * Runs {@code work} on the store, opened (and migrated) for it and closed after: how the {@code keys}
         * commands work on the database directly. A store that cannot be opened or fails is one clear error.
         */
        <T> T withStore(Clock clock, Function<Store, T> work) {
            String jdbcUrl = effectiveUrl();
            if (!jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new UserError("--db must start with jdbc:sqlite: or jdbc:postgresql:, got '"
                        + Database.describe(jdbcUrl) + "'");
            }
            try {
                java.nio.file.Files.createDirectories(dataDir());
            } catch (java.io.IOException e) {
                throw new UserError("cannot create --data-dir " + dataDir() + ": " + e.getMessage());
            }
            try (Store s = new JdbiStore(Database.open(jdbcUrl, user, password()),
                    SecretBox.fromEnvOrKeyFile(System.getenv(SecretBox.ENV_KEY), dataDir()), clock)) {
                return work.apply(s);
            } catch (UserError e) {
                throw e;
            } catch (RuntimeException e) {
                throw new UserError("cannot open the store " + Database.describe(jdbcUrl) + ": " + rootMessage(e));
            }
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true,
            description = "Manage API keys in the store (directly, as the admin routes do over HTTP).",
            subcommands = {Create.class, ListKeys.class, Revoke.class})
    static final class Keys implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create (or reuse) a renter tenant and issue it a new API key, printed once.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--name", paramLabel = "TENANT", required = true,
                description = "Tenant name: 1-64 letters, digits, '.', '_' or '-'.")
        String name;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new UserError("--name must be 1-64 characters of letters, digits, '.', '_' or '-'");
            }
            Clock clock = Clock.systemUTC();
            ApiKeys.Issued issued = store.withStore(clock, s -> {
                Tenant tenant = s.findTenantByName(name).orElseGet(() -> s.createTenant(name, false));
                if (tenant.admin()) {
                    throw new UserError("--name " + name + " is an admin tenant; renter keys only");
                }
                ApiKeys.Issued key = ApiKeys.issue(tenant.id(), clock.instant());
                s.addApiKey(key.record());
                return key;
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("API key for tenant " + name + " (shown once, store it now): " + issued.key());
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List every tenant's API keys: tenant, prefix, created, revoked (never a key).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            List<ApiKeyInfo> keys = store.withStore(Clock.systemUTC(), s -> s.listApiKeys(null));
            Table table = new Table("TENANT", "PREFIX", "CREATED", "REVOKED");
            for (ApiKeyInfo k : keys) table.row(k.tenantName(), k.prefix(), k.createdAt(), k.revokedAt());
            table.print(spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke the API key with this prefix (as `keys list` shows it), whoever's it is. Every "
                    + "API process refuses it from its next request on.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PREFIX", description = "The key's prefix, e.g. cr_AbCdEfGh.")
        String prefix;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Override
        public Integer call() {
            if (prefix.isBlank() || prefix.length() > 64) {
                throw new UserError("PREFIX must be the key's prefix as `compute api keys list` shows it");
            }
            KeyRevocation outcome = store.withStore(Clock.systemUTC(), s -> s.revokeApiKey(prefix, null));
            ApiKeyInfo key = switch (outcome) {
                case KeyRevocation.Revoked r -> r.key();
                case KeyRevocation.NotFound n -> throw new UserError("no API key has prefix '" + prefix + "'");
                case KeyRevocation.Ambiguous a -> throw new UserError("prefix '" + prefix + "' matches " + a.keys()
                        + " working keys; nothing was revoked");
            };
            PrintWriter out = spec.commandLine().getOut();
            out.println("API key " + key.prefix() + " of tenant " + key.tenantName() + " revoked at "
                    + key.revokedAt());
            out.flush();
            return 0;
        }
    }
}
