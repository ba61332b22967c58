package io.computeregister.cli.server;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.crypto.Ss58;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.bittensor.subtensor.MetagraphSource;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.bittensor.subtensor.SubtensorMetagraphSource;
import io.computeregister.cli.CliErrors.UserError;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.Runtimes;
import io.computeregister.miner.image.SshTestImage;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.wandb.MinerRunPublisher;
import io.computeregister.protocol.wandb.WandbConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compute miner}: serves {@code Allocate} and {@code Specs} on an axon until SIGTERM or Ctrl-C. On the way out
 * it closes the axon and the runtime's clients and leaves allocations running; the next start adopts them.
 */
@Command(name = "miner", mixinStandardHelpOptions = true,
        description = "Run a miner: rent this machine's CPUs/GPUs out as SSH-reachable containers (docker) or "
                + "embedded SSH sandboxes (sandbox). Callers must be named: --allow-hotkey and/or --metagraph, or "
                + "--open for anyone.",
        footer = {"",
            "Runtimes:",
            "  docker   one container per allocation: CPU/memory/pids limits, GPUs by device, no-new-privileges, a "
                    + "reduced capability set and a network of its own.",
            "  sandbox  no Docker engine needed, but bubblewrap (apt-get install bubblewrap): every SSH session runs "
                    + "in a namespace sandbox where the renter is root without capabilities, sees the host's programs "
                    + "read-only and only its own directory (as /root); the operator's home, wallets and the miner's "
                    + "data directory are not there. It is NO VM and does NOT isolate the network (the host's is "
                    + "shared, services on its loopback included), CPU, memory or GPUs (no limits, no GPU attached): "
                    + "use docker for strangers who need either."})
public final class MinerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    HotkeyOptions hotkey;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "Axon listen address (default ${DEFAULT-VALUE}).")
    String axonHost;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8091", description = "Axon port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--runtime", paramLabel = "NAME", defaultValue = DockerSettings.NAME,
            completionCandidates = RuntimeNames.class,
            description = "Where allocations run: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String runtime;

    @Option(names = "--image", paramLabel = "NAME=REF",
            description = "An image renters may pick by NAME through docker_requirement.base_image (docker; must "
                    + "already be on the engine); repeatable, the first is the default (what \"\" and the original's "
                    + "\"ubuntu\" get). A bare REF is named \"default\". Default: the SSH test image.")
    java.util.List<String> images;

    @Option(names = "--docker-host", paramLabel = "URI", description = "Docker engine (default DOCKER_HOST or unix:///var/run/docker.sock).")
    String dockerHost = System.getenv("DOCKER_HOST");

    @Option(names = "--ssh-ports", paramLabel = "A-B", defaultValue = "40000-40099", description = "Host ports for allocation SSH servers (default ${DEFAULT-VALUE}).")
    String sshPorts;

    @Option(names = "--ssh-host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0", description = "Address allocation SSH servers are published on (default ${DEFAULT-VALUE}).")
    String sshHost;

    @Option(names = "--allow-hotkey", paramLabel = "SS58", description = "Caller hotkey always allowed (repeatable).")
    List<String> allowHotkeys = new ArrayList<>();

    @Option(names = "--metagraph", paramLabel = "static:FILE|subtensor:URL", description = "Metagraph for the validator-permit check.")
    String metagraph;

    @Option(names = "--open", description = "Accept Allocate from ANY hotkey (anyone can rent this machine). Without "
            + "--open, --allow-hotkey or --metagraph the miner refuses to start.")
    boolean open;

    @Option(names = "--allow-validators", negatable = true, description = "Allow hotkeys with a validator permit on the metagraph (default: on when --metagraph is given).")
    Boolean allowValidators;

    @Option(names = "--netuid", paramLabel = "N", defaultValue = "27", description = "Subnet (default ${DEFAULT-VALUE}).")
    int netuid;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Ledger and sandbox files (default ~/.compute/miner).")
    Path dataDir = Path.of(System.getProperty("user.home"), ".compute", "miner");

    @Option(names = "--offer-cpus", paramLabel = "N", description = "Cores offered in total (default: all measured).")
    Double offerCpus;

    @Option(names = "--offer-memory-gib", paramLabel = "GIB", description = "Memory offered in total, GiB (default: all measured).")
    Double offerMemoryGib;

    @Option(names = "--offer-gpus", paramLabel = "N", description = "GPUs offered in total (default: all measured).")
    Integer offerGpus;

    @Option(names = "--volume-grace", paramLabel = "DURATION", defaultValue = "0s",
            description = "Keep a removed allocation's volume this long (e.g. 2h, 3d) before deleting it (default: "
                    + "deleted with the allocation).")
    String volumeGrace;

    @Option(names = "--timeline-unit", paramLabel = "DURATION", defaultValue = "1d", hidden = true,
            description = "Length of one timeline unit (tests only; e.g. 2s).")
    String timelineUnit;

    @Option(names = "--expiry-period", paramLabel = "DURATION", defaultValue = "10s", hidden = true,
            description = "How often expired allocations are looked for.")
    String expiryPeriod;

    @Option(names = "--wandb-refresh", paramLabel = "DURATION", defaultValue = "30m", description = "With "
            + "WANDB_API_KEY: how often the miner's W&B run gets fresh specs (default ${DEFAULT-VALUE}; the original: "
            + "~150 blocks).")
    String wandbRefresh;

    @Override
    public Integer call() throws Exception {
        Keypair key = hotkey.keypair();
        MinerConfig config = config();
        Optional<MinerRunPublisher.Settings> wandb = wandb();
        Optional<MetagraphRefresher> refresher = metagraph();
        Miner miner;
        try {
            miner = Miner.start(config, key, refresher, wandb);
        } catch (IllegalArgumentException | IllegalStateException e) {
            refresher.ifPresent(MetagraphRefresher::close);
            throw new UserError(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            miner.close();
            refresher.ifPresent(MetagraphRefresher::close);
            stopped.countDown();
        }, "miner-shutdown"));
        var out = spec.commandLine().getOut();
        out.println("miner: runtime=" + miner.runtimeName() + " hotkey=" + miner.hotkey() + " axon="
                + config.axonHost() + ":" + miner.axonPort() + " ssh=" + miner.endpoints()
                + " data=" + config.dataDir() + (miner.isOpen() ? " callers=ANY" : ""));
        out.flush();
        stopped.await();
        return 0;
    }

    private MinerConfig config() {
        try {
            Set<String> allowed = new LinkedHashSet<>();
            for (String h : allowHotkeys) {
                if (!Ss58.isValid(h.strip())) {
                    throw new IllegalArgumentException("--allow-hotkey '" + h + "' is not an SS58 address");
                }
                allowed.add(h.strip());
            }
            boolean validators = allowValidators == null ? metagraph != null : allowValidators;
            RuntimeSettings settings = Runtimes.settings(runtime.toLowerCase(Locale.ROOT), new Runtimes.Options(
                    dockerHost, catalog(images), new HostPorts(PortRange.parse("--ssh-ports", sshPorts), sshHost)));
            MinerConfig config = MinerConfig.defaults(dataDir.toAbsolutePath(), settings)
                    .withAxon(axonHost, port)
                    .withCallers(allowed, validators)
                    .withTiming(duration("--timeline-unit", timelineUnit), duration("--expiry-period", expiryPeriod))
                    .withVolumeGrace(duration("--volume-grace", volumeGrace));
            if (open) {
                config = config.withAnyCaller();
            }
            if (offerCpus != null || offerMemoryGib != null || offerGpus != null) {
                if (offerCpus == null || offerMemoryGib == null) {
                    throw new IllegalArgumentException("--offer-cpus and --offer-memory-gib go together");
                }
                config = config.withOffer(new MinerConfig.Offer(offerCpus, (long) (offerMemoryGib * (1L << 30)),
                        offerGpus == null ? 0 : offerGpus));
            }
            return config;
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** W&amp;B as its client reads it: WANDB_API_KEY (off without), WANDB_BASE_URL, WANDB_ENTITY, WANDB_PROJECT. */
    private Optional<MinerRunPublisher.Settings> wandb() {
        try {
            return WandbConfig.fromEnv(System.getenv()).map(w -> new MinerRunPublisher.Settings(w.withNetuid(netuid),
                    duration("--wandb-refresh", wandbRefresh), MinerRunPublisher.Settings.DEFAULT_HEARTBEAT));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Optional<MetagraphRefresher> metagraph() {
        if (metagraph == null) {
            return Optional.empty();
        }
        MetagraphSource source;
        if (metagraph.startsWith("static:")) {
            source = new StaticMetagraphSource(Path.of(metagraph.substring("static:".length())), netuid);
        } else if (metagraph.startsWith("subtensor:")) {
            source = new SubtensorMetagraphSource(metagraph.substring("subtensor:".length()), netuid);
        } else {
            throw new UserError("--metagraph must be static:FILE or subtensor:URL, got '" + metagraph + "'");
        }
        MetagraphRefresher refresher = new MetagraphRefresher(source, Duration.ofMinutes(2));
        if (!refresher.refreshNow()) {
            throw new UserError("--metagraph: cannot load " + source.describe() + ": "
                    + refresher.lastError().orElse("unknown error"));
        }
        return Optional.of(refresher.start());
    }

    /** The registry's runtime names, for {@code --runtime}'s help. */
    static final class RuntimeNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Runtimes.names().iterator();
        }
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** "500ms", "2s", "5m", "1h", "1d" or ISO-8601 ("PT2S"). */
    static Duration duration(String option, String text) {
        Matcher m = SIMPLE_DURATION.matcher(text.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a duration (e.g. 2s, 5m, 1d)");
        }
    }

    /**
     * {@code --image} values as the catalog: NAME=REF pairs in order (the first the default), a bare REF named
     * "default"; none: the SSH test image. A name given twice is a usage error naming the option.
     */
    static java.util.Map<String, String> catalog(java.util.List<String> values) {
        java.util.Map<String, String> catalog = new java.util.LinkedHashMap<>();
        if (values == null || values.isEmpty()) {
            catalog.put(io.computeregister.miner.runtime.docker.DockerSettings.DEFAULT_NAME, SshTestImage.DEFAULT_TAG);
            return catalog;
        }
        for (String v : values) {
            int eq = v.indexOf('=');
            String name = eq < 0 ? io.computeregister.miner.runtime.docker.DockerSettings.DEFAULT_NAME
                    : v.substring(0, eq).strip();
            String ref = (eq < 0 ? v : v.substring(eq + 1)).strip();
            if (name.isEmpty() || ref.isEmpty()) {
                throw new IllegalArgumentException("--image '" + v + "' must be NAME=REF or REF");
            }
            if (catalog.putIfAbsent(name, ref) != null) {
                throw new IllegalArgumentException("--image names '" + name + "' twice");
            }
        }
        return catalog;
    }
}
