package io.computeregister.api;

import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.minerclient.DendriteMinerClient;
import io.computeregister.api.allocation.PendingRecovery;
import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.api.miners.BlockedMinersFile;
import io.computeregister.api.cluster.Cluster;
import io.computeregister.api.jobs.BackgroundJobs;
import io.computeregister.api.jobs.JobsConfig;
import io.computeregister.api.miners.MinerDiscovery;
import io.computeregister.api.specs.SpecsSource;
import io.computeregister.api.specs.SpecsSources;
import io.computeregister.api.specs.SpecsSynapse;
import io.computeregister.api.specs.ValidatorDbSpecs;
import io.computeregister.api.specs.WandbMinerSpecs;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.JdbiStore;
import io.computeregister.api.store.SecretBox;
import io.computeregister.api.store.SecretKeyCheck;
import io.computeregister.api.store.Store;
import io.computeregister.api.wandb.ValidatorRunWriter;
import io.computeregister.api.wandb.WandbLists;
import io.computeregister.api.wandb.WandbSink;
import io.computeregister.api.wandb.WandbSource;
import io.computeregister.api.webhooks.WebhookStore;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.bittensor.subtensor.MetagraphSource;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running RegisterAPI process, wired by hand:
 *
 * <pre>
 *   Database (Flyway) → JdbiStore (SecretBox) ─┬→ ApiServer (each feature's routes and services, placement)
 *                                             │        └→ DeadlineMinerClient → DendriteMinerClient → Dendrite #1
 *   MetagraphRefresher ← MinerDiscovery (every discoveryPeriod) → SpecsSynapse (Dendrite #2) → store → MinerIndex
 *   PendingRecovery (at start, then every 30 s) → DendriteMinerClient: deallocate what a killed run left pending
 *   Cluster (leader election, LISTEN/NOTIFY) → BackgroundJobs: discovery, health, expiry, reconciliation (Dendrite #3),
 *                                              webhook delivery (leader only), index reload (every replica)
 *   WandbClient (only with WANDB_API_KEY) → ListHandlers (W&B-backed lists) and the wandb-publish job (held hotkeys)
 * </pre>
 *
 * A dendrite per lane: a dendrite's nonces must arrive in order at one axon, and discovery's Specs calls or the jobs'
 * probes would otherwise race an allocation's calls to the same miner (the original keeps a second dendrite for its
 * health loop, too).
 * {@link #close()} stops everything in reverse order of start.
 */
public final class ApiMain implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiMain.class);
    /** Bound on a miner's Specs answer during discovery. */
    private static final Duration SPECS_TIMEOUT = Duration.ofSeconds(12);
    /** How often expired pending reservations are swept (their miners told to deallocate, then released). */
    private static final Duration RECOVERY_PERIOD = Duration.ofSeconds(30);

    private final Deque<AutoCloseable> opened;
    private final Store store;
    private final ApiServer server;
    private final MinerDiscovery discovery;
    private final int port;

    private final Cluster cluster;
    private final BackgroundJobs jobs;

    private ApiMain(Deque<AutoCloseable> opened, Store store, ApiServer server, MinerDiscovery discovery, int port,
                    Cluster cluster, BackgroundJobs jobs) {
        this.cluster = cluster;
        this.jobs = jobs;
        this.opened = opened;
        this.store = store;
        this.server = server;
        this.discovery = discovery;
        this.port = port;
    }

    /**
     * Opens the store (migrating it), starts the HTTP server and the discovery job. Nothing is left running when this
     * throws.
     *
     * @param hotkey     signs every call to miners (miners allowlist this hotkey)
     * @param dbPassword the database password, or null
     * @param env        the process environment ({@code COMPUTE_ADMIN_KEY}, {@code COMPUTE_SECRET_KEY})
     * @param console    where a freshly generated admin key is printed once (never the log)
     */
    public static ApiMain start(ApiConfig config, Keypair hotkey, MetagraphSource metagraph, String dbPassword,
                                Map<String, String> env, PrintStream console) {
        return start(config, JobsConfig.defaults(), hotkey, metagraph, dbPassword, env, console);
    }

    /** As above, with the background jobs' periods and thresholds. */
    public static ApiMain start(ApiConfig config, JobsConfig jobsConfig, Keypair hotkey, MetagraphSource metagraph,
                                String dbPassword, Map<String, String> env, PrintStream console) {
        // Read before anything is created, so a typo in the file leaves no state behind.
        List<BlockedMinersFile.Entry> blocked = config.blockedMinersFile() == null
                ? List.of() : BlockedMinersFile.read(config.blockedMinersFile());
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            Files.createDirectories(config.dataDir());
            Clock clock = Clock.systemUTC();
            Database database = push(opened, Database.open(config.effectiveDbUrl(), config.dbUser(), dbPassword));
            SecretBox secrets = SecretBox.fromEnvOrKeyFile(env.get(SecretBox.ENV_KEY), config.dataDir());
            SecretKeyCheck.verify(database, secrets); // before this process seals or opens anything
            Store store = push(opened, new JdbiStore(database, secrets, clock));

            if (!blocked.isEmpty()) {
                BlockedMinersFile.apply(blocked, store);
                log.info("{} miner(s) blocked from {}", blocked.size(), config.blockedMinersFile());
            }

            // W&B is both a source (lists) and a sink (held hotkeys) when WANDB_API_KEY is set; else neither is asked.
            Optional<WandbConfig> wandbConfig = WandbConfig.fromEnv(env);
            WandbClient wandb = wandbConfig.map(WandbClient::new).orElse(null);
            if (wandbConfig.isPresent()) {
                log.info("W&B on: {} (lists all_runs, specs, run_by_name, resources_wandb from W&B; held hotkeys "
                        + "written to the validator run of {})", wandbConfig.get(), hotkey.ss58Address());
            } else {
                log.info("W&B off (no WANDB_API_KEY): lists are served from the store, nothing is written to W&B");
            }

            AllocationSettings settings = config.allocation();
            // A uuid per call: several renters of one miner call it at once, and their nonces must not race.
            Dendrite allocations = push(opened, Dendrite.builder(hotkey).uuidPerCall().build());
            DendriteMinerClient minerClient = settings.dendriteClient(allocations);
            WebhookStore webhooks = new WebhookStore(database, secrets, clock);
            ApiServer server = push(opened, ApiServer.builder(config, store, minerClient).settings(settings)
                    .clock(clock).adminKey(env.get(AdminBootstrap.ENV_ADMIN_KEY), console).webhooks(webhooks)
                    .wandb(wandb == null ? WandbSource.OFF : new WandbLists(wandb)).build());
            // Reads what a killed predecessor left pending before the server takes its first request.
            PendingRecovery recovery = push(opened,
                    new PendingRecovery(store, server.minerIndex(), minerClient, settings,
                            database.dialect() == Database.Dialect.SQLITE));

            MetagraphRefresher refresher = push(opened, new MetagraphRefresher(metagraph, config.discoveryPeriod()));
            Dendrite specs = push(opened, Dendrite.create(hotkey));
            SpecsSources sources = specsSources(config, wandb, specs, server.metrics().registry(), clock);
            log.info("miners' specs from: {}", sources.name());
            MinerDiscovery discovery = push(opened,
                    new MinerDiscovery(refresher, store, server.minerIndex(), sources,
                            settings.dendriteClient(specs), settings.probeTimeout(), clock));

            int port = server.start(config.host(), config.port());
            recovery.start(RECOVERY_PERIOD);
            Cluster cluster = push(opened, Cluster.join(database.dialect(), config.effectiveDbUrl(), config.dbUser(),
                    dbPassword, jobsConfig.leaderCheck()));
            server.reportLeadership(cluster.leadership()::isLeader);
            // Events committed by any replica reach this replica's WebSocket clients at once (poll is the fallback).
            cluster.events().ifPresent(notifier -> notifier.subscribe(seq -> server.events().wake()));
            // The jobs probe each allocation at once, several on one miner of ours: a uuid per call, as above.
            Dendrite minersLane = push(opened, Dendrite.builder(hotkey).uuidPerCall().build());
            BackgroundJobs jobs = push(opened, BackgroundJobs.builder(jobsConfig, cluster.leadership(), clock)
                    .discovery(discovery, config.discoveryPeriod())
                    .allocations(database, store, server.minerIndex(), minersLane, settings)
                    .webhooks(webhooks, config.webhookTargets())
                    .indexReload(server.minerIndex())
                    .wandb(wandb == null ? WandbSink.OFF : new ValidatorRunWriter(wandb, hotkey), store, hotkey.ss58Address())
                    .start());
            log.info("register API on {}:{} (db {}, metagraph {}, auth {}, hotkey {})", config.host(), port,
                    Database.describe(config.effectiveDbUrl()), metagraph.describe(), config.auth(),
                    hotkey.ss58Address());
            return new ApiMain(opened, store, server, discovery, port, cluster, jobs);
        } catch (IOException e) {
            closeAll(opened);
            throw new UncheckedIOException("cannot create --data-dir " + config.dataDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T resource) {
        opened.push(resource);
        return resource;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return port;
    }

    public Store store() {
        return store;
    }

    public ApiServer server() {
        return server;
    }

    /** The discovery job (tests run a round with {@link MinerDiscovery#runOnce()} instead of waiting). */
    public MinerDiscovery discovery() {
        return discovery;
    }

    /** Leader election and (PostgreSQL) the cross-replica event notifier. */
    public Cluster cluster() {
        return cluster;
    }

    /** The background jobs (health loop, expiry, reconciliation, webhook delivery, discovery). */
    public BackgroundJobs jobs() {
        return jobs;
    }

    @Override
    public void close() {
        closeAll(opened);
    }

    private static void closeAll(Deque<AutoCloseable> opened) {
        while (!opened.isEmpty()) {
            AutoCloseable c = opened.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /**
     * The specs sources in `--specs-from` order: our miners' own {@code Specs} answer, original Python miners' signed
     * W&amp;B runs, an original validator's {@code database.db} (docs/protocol.md §1.2, §1.3, §1.5).
     */
    private static SpecsSources specsSources(ApiConfig config, WandbClient wandb, Dendrite specs,
                                             io.micrometer.core.instrument.MeterRegistry registry, Clock clock) {
        List<SpecsSource> sources = new java.util.ArrayList<>();
        for (String name : config.specsSources(wandb != null)) {
            switch (name) {
                case SpecsSynapse.NAME -> sources.add(new SpecsSynapse(specs, SPECS_TIMEOUT, clock));
                case WandbMinerSpecs.NAME -> {
                    if (wandb == null) {
                        throw new IllegalArgumentException("--specs-from wandb needs WANDB_API_KEY (W&B is off)");
                    }
                    sources.add(new WandbMinerSpecs(wandb, registry, clock));
                }
                case ValidatorDbSpecs.NAME -> sources.add(new ValidatorDbSpecs(config.validatorDb(),
                        ValidatorDbSpecs.DEFAULT_BUSY_TIMEOUT, clock));
                default -> throw new IllegalArgumentException("--specs-from: unknown source '" + name + "'");
            }
        }
        return new SpecsSources(sources);
    }
}
