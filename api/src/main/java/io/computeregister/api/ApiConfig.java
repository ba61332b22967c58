package io.computeregister.api;

import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.budget.RequestBudgets;
import io.computeregister.api.tls.TlsFiles;
import io.computeregister.api.webhooks.WebhookTargets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The API process's configuration, validated once at start (conflicts fail naming the option). Secrets (database
 * password, hotkey) are not part of it: they are passed to {@link ApiMain} separately and never printed.
 *
 * @param dbUrl           JDBC URL; null means SQLite at {@code <dataDir>/register.db}
 * @param allowlist       CIDRs allowed to call the API; empty = everyone (required non-empty with {@code auth=NONE}
 *                        unless the host is loopback)
 * @param discoveryPeriod how often the metagraph is reloaded and miners are asked for their specs
 * @param blockedMinersFile hotkeys blocked at start ({@code --blocked-miners}), or null
 * @param tls             serve HTTPS (and with a client CA, require client certificates), or null for plain HTTP
 * @param webhookTargets  which hosts renters' webhooks may reach; public addresses only unless stated otherwise
 * @param budgets         per-tenant budgets of the calls that fan out ({@link RequestBudgets#DEFAULTS} when null)
 * @param allocation      the allocation path's timeouts and limits ({@link AllocationSettings#defaults} for
 *                        {@code verifySsh} when null)
 * @param specsFrom       where miners' specs come from, in precedence order ({@code specs}, {@code wandb},
 *                        {@code validator-db}); null: {@code specs}, then {@code wandb} when W&amp;B is configured,
 *                        then {@code validator-db} when {@code validatorDb} is given
 * @param validatorDb     an original validator's {@code database.db}, read-only, or null
 */
public record ApiConfig(
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        AuthMode auth,
        List<String> allowlist,
        boolean verifySsh,
        Duration discoveryPeriod,
        Path blockedMinersFile,
        TlsFiles tls,
        WebhookTargets webhookTargets,
        RequestBudgets budgets,
        AllocationSettings allocation,
        List<String> specsFrom,
        Path validatorDb) {

    /** The specs sources `--specs-from` may name. */
    public static final List<String> SPECS_SOURCES = List.of("specs", "wandb", "validator-db");

    public static final Duration DEFAULT_DISCOVERY_PERIOD = Duration.ofMinutes(10);

    public ApiConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("--host is empty");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        if (dataDir == null) throw new IllegalArgumentException("--data-dir is required");
        if (dbUrl != null && !dbUrl.startsWith("jdbc:sqlite:") && !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--db must start with jdbc:sqlite: or jdbc:postgresql:, got '"
                    + dbUrl.replaceAll("\\?.*", "") + "'");
        }
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        if (auth == null) throw new IllegalArgumentException("--auth must be key or none");
        if (auth == AuthMode.NONE && allowlist.isEmpty() && !isLoopback(host)) {
            throw new IllegalArgumentException(
                    "--auth none on a non-loopback --host needs an --allow list of CIDRs (anyone could allocate)");
        }
        if (discoveryPeriod == null) discoveryPeriod = DEFAULT_DISCOVERY_PERIOD;
        if (webhookTargets == null) webhookTargets = WebhookTargets.PUBLIC_ONLY;
        if (budgets == null) budgets = RequestBudgets.DEFAULTS;
        if (allocation == null) allocation = AllocationSettings.defaults(verifySsh);
        if (specsFrom != null) {
            specsFrom = List.copyOf(specsFrom);
            if (specsFrom.isEmpty()) throw new IllegalArgumentException("--specs-from names no source");
            for (String s : specsFrom) {
                if (!SPECS_SOURCES.contains(s)) {
                    throw new IllegalArgumentException("--specs-from: unknown source '" + s + "' (known: "
                            + String.join(",", SPECS_SOURCES) + ")");
                }
            }
            if (specsFrom.stream().distinct().count() != specsFrom.size()) {
                throw new IllegalArgumentException("--specs-from names a source twice: " + String.join(",", specsFrom));
            }
            if (specsFrom.contains("validator-db") && validatorDb == null) {
                throw new IllegalArgumentException("--specs-from validator-db needs --validator-db FILE");
            }
        }
        if (discoveryPeriod.toMillis() < 100) {
            throw new IllegalArgumentException("--discovery-period must be at least 100 ms, got " + discoveryPeriod);
        }
    }

    /** With the default allocation settings and specs sources. */
    public ApiConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, AuthMode auth,
                     List<String> allowlist, boolean verifySsh, Duration discoveryPeriod, Path blockedMinersFile,
                     TlsFiles tls, WebhookTargets webhookTargets, RequestBudgets budgets) {
        this(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod, blockedMinersFile, tls,
                webhookTargets, budgets, null, null, null);
    }

    /** The specs sources in precedence order: as given, or the default for what is configured. */
    public List<String> specsSources(boolean wandbConfigured) {
        if (specsFrom != null) return specsFrom;
        List<String> sources = new java.util.ArrayList<>(List.of("specs"));
        if (wandbConfigured) sources.add("wandb");
        if (validatorDb != null) sources.add("validator-db");
        return List.copyOf(sources);
    }

    /** With the sources of miners' specs (`--specs-from`, `--validator-db`). */
    public ApiConfig withSpecsSources(List<String> from, Path validatorDbFile) {
        return new ApiConfig(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod,
                blockedMinersFile, tls, webhookTargets, budgets, allocation, from, validatorDbFile);
    }

    /** With the default request budgets. */
    public ApiConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, AuthMode auth,
                     List<String> allowlist, boolean verifySsh, Duration discoveryPeriod, Path blockedMinersFile,
                     TlsFiles tls, WebhookTargets webhookTargets) {
        this(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod, blockedMinersFile, tls,
                webhookTargets, null);
    }

    /** Without a blocked-miners file and without TLS. */
    public ApiConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, AuthMode auth,
                     List<String> allowlist, boolean verifySsh, Duration discoveryPeriod) {
        this(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod, null, null, null, null);
    }

    public ApiConfig withBlockedMinersFile(Path file) {
        return new ApiConfig(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod, file,
                tls, webhookTargets, budgets, allocation, specsFrom, validatorDb);
    }

    public ApiConfig withTls(TlsFiles files) {
        return new ApiConfig(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod,
                blockedMinersFile, files, webhookTargets, budgets, allocation, specsFrom, validatorDb);
    }

    public ApiConfig withWebhookTargets(WebhookTargets targets) {
        return new ApiConfig(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod,
                blockedMinersFile, tls, targets, budgets, allocation, specsFrom, validatorDb);
    }

    public ApiConfig withBudgets(RequestBudgets requestBudgets) {
        return new ApiConfig(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod,
                blockedMinersFile, tls, webhookTargets, requestBudgets, allocation, specsFrom, validatorDb);
    }

    /** With other timeouts and limits on the allocation path (tests that freeze a miner mid-call use short ones). */
    public ApiConfig withAllocation(AllocationSettings settings) {
        return new ApiConfig(host, port, dataDir, dbUrl, dbUser, auth, allowlist, verifySsh, discoveryPeriod,
                blockedMinersFile, tls, webhookTargets, budgets, settings, specsFrom, validatorDb);
    }

    /** The shape the HTTP layer's tests use: no database URL of its own, the default discovery period. */
    public ApiConfig(String host, int port, Path dataDir, AuthMode auth, List<String> allowlist, boolean verifySsh) {
        this(host, port, dataDir, null, null, auth, allowlist, verifySsh, DEFAULT_DISCOVERY_PERIOD);
    }

    public static ApiConfig defaults(Path dataDir) {
        return new ApiConfig("127.0.0.1", 8903, dataDir, AuthMode.KEYS, List.of(), true);
    }

    public String effectiveDbUrl() {
        return dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("register.db");
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
