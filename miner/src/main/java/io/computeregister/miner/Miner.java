package io.computeregister.miner;

import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.miner.allocation.HostResources;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.axon.AllocateHandler;
import io.computeregister.miner.axon.AllocationListener;
import io.computeregister.miner.axon.CallerPolicy;
import io.computeregister.miner.axon.SpecsHandler;
import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.Endpoints;
import io.computeregister.miner.wandb.MinerRunPublisher;
import io.computeregister.bittensor.axon.NonceFile;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.specs.MinerSpecs;
import io.computeregister.protocol.specs.Specs;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running miner, wired by hand: ledger, runtime (opened by its settings), service, start-up reconciliation, expiry
 * job, axon. The runtime's {@link io.computeregister.miner.runtime.Site} says what there is to rent (capped by the
 * operator's offer) and where renters reach allocations.
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
     *     running then), e.g. {@link CallerPolicy#NO_POLICY} when neither an allowlist, a metagraph with validators
     *     allowed, nor {@link MinerConfig#withAnyCaller()} says who may call
     */
    public static Miner start(MinerConfig config, Keypair hotkey, Optional<MetagraphRefresher> metagraph) {
        return start(config, hotkey, metagraph, Optional.empty());
    }

    /** @param wandb where to publish the miner's W&amp;B run ({@code WANDB_API_KEY}), or empty */
    public static Miner start(MinerConfig config, Keypair hotkey, Optional<MetagraphRefresher> metagraph,
            Optional<MinerRunPublisher.Settings> wandb) {
        // First, before anything is opened: a miner without a caller policy must not start at all.
        CallerPolicy policy = config.anyCaller()
                ? CallerPolicy.open(metagraph, config.allowValidators())
                : CallerPolicy.restricted(config.allowHotkeys(), metagraph, config.allowValidators());
        Ledger ledger = Ledger.open(config.dataDir());
        ContainerRuntime runtime = null;
        ExpiryJob expiry = null;
        MinerRunPublisher run = null;
        try {
            runtime = config.runtime().open(config.dataDir());
            Endpoints endpoints = runtime.site().endpoints();
            endpoints.hold(ledger.livePorts());
            MinerSpecs specs = runtime.site().hardware();
            HostResources measured = HostResources.fromSpecs(specs, endpoints.capacity());
            HostResources host = config.offer()
                    .map(o -> new HostResources(o.cpus(), o.memoryBytes(), o.gpus(), endpoints.capacity()))
                    .orElse(measured);
            if (config.offer().isPresent()
                    && (host.cpus() > measured.cpus() || host.memoryBytes() > measured.memoryBytes())) {
                log.warn("the offer ({} cpus, {} bytes) exceeds this machine ({} cpus, {} bytes): allocations beyond "
                        + "the machine will fail to start", host.cpus(), host.memoryBytes(), measured.cpus(),
                        measured.memoryBytes());
            }
            MinerService service = new MinerService(ledger, runtime, host, config, Clock.systemUTC());
            Reconciler.Report report = Reconciler.reconcile(ledger, runtime, service, Clock.systemUTC().instant());
            log.info("reconciled with the {} runtime: {} adopted, {} restarted, {} expired removed, {} vanished, "
                    + "{} remains of removed ones cleaned, {} foreign left alone", runtime.name(), report.adopted(),
                    report.restarted(), report.expired(), report.vanished(), report.cleaned(), report.unknown());
            expiry = new ExpiryJob(service, config.expiryPeriod());
            if (policy.isOpen()) {
                log.warn("--open: this miner accepts Allocate from ANY hotkey; anyone can rent it");
            }
            run = wandb.isEmpty() ? null : MinerRunPublisher.start(wandb.get(), hotkey, config.dataDir(),
                    runtime.site()::hardware, () -> !ledger.live().isEmpty());
            AllocateHandler allocate = new AllocateHandler(service, run == null ? AllocationListener.NONE : run);
            MinerSpecs answered = specs.withOffer(offer(host, specs), runtime.images());
            SpecsHandler specsHandler = new SpecsHandler(() -> answered);
            AxonServer axon = AxonServer.builder(hotkey).host(config.axonHost()).port(config.axonPort())
                    // An allocation may build an image and wait for sshd; the API waits up to 100 s.
                    .maxHandlerTimeout(Duration.ofMinutes(5))
                    // A restart must not reopen requests accepted before it (replay of a signed Allocate).
                    .nonceStore(NonceFile.open(config.dataDir().resolve("axon-nonces")))
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

    public int axonPort() {
        return axon.port();
    }

    public String hotkey() {
        return axon.hotkey();
    }

    public String runtimeName() {
        return runtime.name();
    }

    /** Where renters reach allocations, e.g. {@code 0.0.0.0:40000-40099}, for the start-up line. */
    public String endpoints() {
        return runtime.site().endpoints().toString();
    }

    /** The runtime's endpoints, for tests in this package that check none is leaked. */
    Endpoints endpointPool() {
        return runtime.site().endpoints();
    }

    public MinerConfig config() {
        return config;
    }

    /**
     * What this miner rents out in total, for the API's capacity accounting (its {@code Specs} answer's
     * {@code offer}, docs/protocol.md §9.10 plus ours): the ledger's limits (whole cores), the data disk's free bytes
     * at start (the ledger does not limit disk), each GPU by index, and the size of the SSH port range.
     */
    static MinerSpecs.Offer offer(HostResources host, MinerSpecs measured) {
        long disk = measured.hardDisk() == null || measured.hardDisk().free() == null ? 0 : measured.hardDisk().free();
        return new MinerSpecs.Offer((int) Math.floor(host.cpus()), host.memoryBytes(), disk,
                host.gpuCards().stream().map(c -> new MinerSpecs.OfferedGpu(c.index(), c.name(), c.memoryMib()))
                        .toList(), host.sshPorts());
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
