package io.computeregister.miner;

import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.allocation.HostResources;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.axon.AllocateHandler;
import io.computeregister.miner.axon.AllocationListener;
import io.computeregister.miner.axon.CallerPolicy;
import io.computeregister.miner.axon.SpecsHandler;
import io.computeregister.miner.hardware.SpecsProbe;
import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.docker.DockerConnection;
import io.computeregister.miner.runtime.docker.DockerRuntime;
import io.computeregister.miner.runtime.sandbox.SandboxRuntime;
import io.computeregister.miner.wandb.MinerRunPublisher;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.specs.MinerSpecs;
import io.computeregister.protocol.specs.Specs;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running miner, wired by hand: ledger, runtime, port range, service, start-up reconciliation, expiry job, axon.
 *
 * <pre>
 *   dendrite --Allocate--> AxonServer --CallerPolicy (403)--> AllocateHandler --> MinerService --> Ledger (SQLite)
 *                                                                                             \--> ContainerRuntime
 *   ExpiryJob (every expiryPeriod) ------------------------------------------------> MinerService.expire()
 * </pre>
 *
 * {@link #close()} stops the axon, the expiry job and the runtime's clients but leaves allocations running: the next
 * start adopts them.
 */
public final class Miner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Miner.class);

    private final MinerConfig config;
    private final Ledger ledger;
    private final ContainerRuntime runtime;
    private final MinerService service;
    private final ExpiryJob expiry;
    private final AxonServer axon;
    private final CallerPolicy policy;
    private final HostResources host;
    private final MinerRunPublisher wandb;

    private Miner(MinerConfig config, Ledger ledger, ContainerRuntime runtime, MinerService service, ExpiryJob expiry,
            AxonServer axon, CallerPolicy policy, HostResources host, MinerRunPublisher wandb) {
        this.config = config;
        this.ledger = ledger;
        this.runtime = runtime;
        this.service = service;
        this.expiry = expiry;
        this.axon = axon;
        this.policy = policy;
        this.host = host;
        this.wandb = wandb;
    }

    /**
     * Opens the ledger and the runtime, reconciles, starts the expiry job and the axon.
     *
     * @param metagraph a started refresher for the validator-permit check, or empty
     * @throws IllegalArgumentException / IllegalStateException with a message naming what is wrong (nothing is left
     *     running then)
     */
    public static Miner start(MinerConfig config, Keypair hotkey, Optional<MetagraphRefresher> metagraph) {
        return start(config, hotkey, metagraph, Optional.empty());
    }

    /** @param wandb where to publish the miner's W&amp;B run ({@code WANDB_API_KEY}), or empty */
    public static Miner start(MinerConfig config, Keypair hotkey, Optional<MetagraphRefresher> metagraph,
            Optional<MinerRunPublisher.Settings> wandb) {
        Ledger ledger = Ledger.open(config.dataDir());
        ContainerRuntime runtime = null;
        ExpiryJob expiry = null;
        MinerRunPublisher run = null;
        try {
            runtime = openRuntime(config);
            PortRange ports = config.sshPorts();
            ports.hold(ledger.livePorts());
            MinerSpecs specs = new SpecsProbe(config.dataDir()).probe();
            HostResources host = config.offer()
                    .map(o -> new HostResources(o.cpus(), o.memoryBytes(), o.gpus(), ports.size()))
                    .orElseGet(() -> HostResources.fromSpecs(specs, ports.size()));
            HostResources measured = HostResources.fromSpecs(specs, ports.size());
            if (config.offer().isPresent() && (host.cpus() > measured.cpus() || host.memoryBytes() > measured.memoryBytes())) {
                log.warn("the offer ({} cpus, {} bytes) exceeds this machine ({} cpus, {} bytes): allocations beyond "
                        + "the machine will fail to start", host.cpus(), host.memoryBytes(), measured.cpus(),
                        measured.memoryBytes());
            }
            MinerService service = new MinerService(ledger, runtime, ports, host, config, Clock.systemUTC());
            Reconciler.Report report = Reconciler.reconcile(ledger, runtime, service, Clock.systemUTC().instant());
            log.info("reconciled with the {} runtime: {} adopted, {} restarted, {} expired removed, {} vanished, "
                    + "{} foreign left alone", runtime.name(), report.adopted(), report.restarted(), report.expired(),
                    report.vanished(), report.unknown());
            expiry = new ExpiryJob(service, config.expiryPeriod());
            CallerPolicy policy = new CallerPolicy(config.allowHotkeys(), metagraph, config.allowValidators());
            if (policy.isOpen()) {
                log.warn("no --allow-hotkey and no metagraph: this miner accepts Allocate from ANY hotkey");
            }
            run = wandb.isEmpty() ? null : MinerRunPublisher.start(wandb.get(), hotkey, config.dataDir(),
                    () -> new SpecsProbe(config.dataDir()).probe(), () -> !ledger.live().isEmpty());
            AllocateHandler allocate = new AllocateHandler(service, run == null ? AllocationListener.NONE : run);
            SpecsHandler specsHandler = new SpecsHandler(() -> specs);
            AxonServer axon = AxonServer.builder(hotkey).host(config.axonHost()).port(config.axonPort())
                    // An allocation may build an image and wait for sshd; the API waits up to 100 s.
                    .maxHandlerTimeout(Duration.ofMinutes(5))
                    .build()
                    .attach(Allocate.class, allocate::handle, policy, policy)
                    .attach(Specs.class, specsHandler::handle, policy, policy)
                    .start();
            log.info("miner serving on {}:{} with {}", config.axonHost(), axon.port(), host);
            return new Miner(config, ledger, runtime, service, expiry, axon, policy, host, run);
        } catch (RuntimeException e) {
            if (run != null) run.close();
            if (expiry != null) expiry.close();
            if (runtime != null) runtime.close();
            ledger.close();
            throw e;
        }
    }

    private static ContainerRuntime openRuntime(MinerConfig config) {
        return switch (config.runtime()) {
            case "sandbox" -> new SandboxRuntime(config.dataDir());
            case "docker" -> {
                String dockerHost = config.dockerHost() == null ? DockerConnection.DEFAULT_HOST : config.dockerHost();
                DockerRuntime docker = DockerRuntime.connect(dockerHost);
                try {
                    docker.list(); // fail now, with the engine's address, rather than at the first allocation
                } catch (RuntimeException e) {
                    docker.close();
                    throw new IllegalStateException("--runtime docker: no Docker engine answers at " + dockerHost
                            + " (" + e.getMessage() + ")");
                }
                yield docker;
            }
            default -> throw new IllegalArgumentException("--runtime must be docker or sandbox");
        };
    }

    public int axonPort() {
        return axon.port();
    }

    public String hotkey() {
        return axon.hotkey();
    }

    public String runtimeName() {
        return runtime.name();
    }

    public MinerConfig config() {
        return config;
    }

    public HostResources host() {
        return host;
    }

    public boolean isOpen() {
        return policy.isOpen();
    }

    /** The ledger (read access for tests and tools). */
    public Ledger ledger() {
        return ledger;
    }

    /** Runs one expiry round now (the scheduler also runs them). */
    public int expireNow() {
        return service.expire();
    }

    /** Removes every live allocation (machine and ledger row); see {@link MinerService#removeAll()}. */
    public int removeAll() {
        return service.removeAll();
    }

    @Override
    public void close() {
        axon.stop(Duration.ofSeconds(5));
        if (wandb != null) wandb.close();
        expiry.close();
        runtime.close();
        ledger.close();
    }
}
