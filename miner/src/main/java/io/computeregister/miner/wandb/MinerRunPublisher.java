package io.computeregister.miner.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.axon.AllocationListener;
import io.computeregister.protocol.specs.MinerSpecs;
import io.computeregister.protocol.wandb.RunConfig;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miner's own W&amp;B run, published as the original miner publishes it (docs/protocol.md §1.2 step 1, §3.2,
 * §9.10), so that the subnet's validators can see and score this miner:
 *
 * <pre>
 *   run id       kept in the data dir (RunIdFile), or WANDB_RUN_ID; display name "miner-&lt;hotkey&gt;"
 *   config       role: "miner", hotkey, config: {netuid, ...}, specs (docs/protocol.md §9.10), allocated, signature (of the run id)
 *   every refresh period (default 30 min, the original: ~150 blocks)   specs probed again, whole config written
 *   after a successful allocate / deallocate (AllocationListener)      allocated = caller / null, written at once
 *   every heartbeat period (default 30 s)   the W&amp;B client's file-stream heartbeat: the run stays "running"
 *   close                                   "complete": the run is finished, as at the original's exit
 * </pre>
 *
 * Every write is a read-modify-write of the WHOLE config (W&amp;B replaces the stored config with what it receives),
 * and all of them run on one thread, so two allocation changes cannot interleave their writes.
 *
 * <p>{@code allocated}: the caller's hotkey while this miner holds any allocation, null when it holds none. COMPAT: the
 * original holds one renter; ours several, so a deallocation clears {@code allocated} only when none is left, and the
 * periodic refresh clears it when allocations ended by expiry (the original never cleared it then).
 *
 * <p>W&amp;B trouble never reaches an allocation: the listener methods only schedule a write; a failed write is one
 * WARN line and is retried at the next refresh; failed heartbeats are one WARN line until they work again.
 */
public final class MinerRunPublisher implements AllocationListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MinerRunPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * @param wandb           where the run lives ({@code WANDB_*}), with the miner's netuid
     * @param refreshPeriod   how often the specs are probed and the whole run written again
     * @param heartbeatPeriod how often the run says it is alive
     */
    public record Settings(WandbConfig wandb, Duration refreshPeriod, Duration heartbeatPeriod) {
        public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(30);
        public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

        public Settings {
            if (wandb == null) throw new IllegalArgumentException("W&B settings need a W&B config");
            if (refreshPeriod == null || refreshPeriod.toMillis() < 100) {
                throw new IllegalArgumentException("W&B refresh period must be at least 100 ms, got " + refreshPeriod);
            }
            if (heartbeatPeriod == null || heartbeatPeriod.toMillis() < 100) {
                throw new IllegalArgumentException("W&B heartbeat period must be at least 100 ms, got "
                        + heartbeatPeriod);
            }
        }

        public static Settings of(WandbConfig wandb) {
            return new Settings(wandb, DEFAULT_REFRESH, DEFAULT_HEARTBEAT);
        }
    }

    private final Settings settings;
    private final WandbClient client;
    private final String hotkey;
    private final String runId;
    private final String signature;
    private final Supplier<MinerSpecs> probe;
    private final BooleanSupplier holdsAllocations;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean writeQueued = new AtomicBoolean();
    /** The hotkey of the latest allocation's caller; null when unknown (after a restart) or nothing is held. */
    private volatile String holder;
    // Touched on the publisher thread only.
    private MinerSpecs specs;
    private boolean published;
    private boolean heartbeatFailing;

    private MinerRunPublisher(Settings settings, Keypair hotkey, String runId, Supplier<MinerSpecs> probe,
                              BooleanSupplier holdsAllocations) {
        this.settings = settings;
        this.client = new WandbClient(settings.wandb());
        this.hotkey = hotkey.ss58Address();
        this.runId = runId;
        this.signature = RunSignature.sign(hotkey, runId); // the run id never changes: signed once, as the original
        this.probe = probe;
        this.holdsAllocations = holdsAllocations;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wandb-miner-run");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts publishing: the first write at once, then on the periods. Never fails because of W&amp;B.
     *
     * @param probe            measures the machine (called on the publisher thread, once per refresh)
     * @param holdsAllocations whether the miner holds any live allocation now
     * @throws java.io.UncheckedIOException when the run id cannot be kept in {@code dataDir}
     */
    public static MinerRunPublisher start(Settings settings, Keypair hotkey, Path dataDir, Supplier<MinerSpecs> probe,
                                          BooleanSupplier holdsAllocations) {
        WandbConfig w = settings.wandb();
        String runId = w.runId() != null ? w.runId() : RunIdFile.runIdFor(dataDir, w.path(), hotkey.ss58Address());
        MinerRunPublisher publisher = new MinerRunPublisher(settings, hotkey, runId, probe, holdsAllocations);
        long refresh = settings.refreshPeriod().toMillis();
        long heartbeat = settings.heartbeatPeriod().toMillis();
        publisher.thread.scheduleWithFixedDelay(() -> publisher.write(true), 0, refresh, TimeUnit.MILLISECONDS);
        publisher.thread.scheduleWithFixedDelay(publisher::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        log.info("W&B: publishing miner run {} (miner-{}) in {} at {}, specs every {}", runId, hotkey.ss58Address(),
                w.path(), w.baseUrl(), settings.refreshPeriod());
        return publisher;
    }

    /** The run id this miner writes (GraphQL {@code Run.name}). */
    public String runId() {
        return runId;
    }

    @Override
    public void allocated(String callerHotkey) {
        holder = callerHotkey;
        queueWrite();
    }

    @Override
    public void deallocated(String callerHotkey) {
        queueWrite();
    }

    /** One write for any number of changes that arrive while one is waiting: it reads the state when it runs. */
    private void queueWrite() {
        if (!writeQueued.compareAndSet(false, true)) return;
        try {
            thread.execute(() -> {
                writeQueued.set(false);
                write(false);
            });
        } catch (RejectedExecutionException e) {
            writeQueued.set(false); // closing: the run is being finished anyway
        }
    }

    /** The whole config, read, changed and written back; {@code reprobe} measures the machine again first. */
    private void write(boolean reprobe) {
        try {
            if (reprobe || specs == null) specs = probe.get();
            RunConfig config = client.run(runId).map(WandbClient.StoredRun::config).orElseGet(RunConfig::empty);
            JsonNode sub = config.get("config");
            ObjectNode minerConfig = sub.isObject() ? ((ObjectNode) sub).deepCopy() : JSON.createObjectNode();
            minerConfig.put("netuid", settings.wandb().netuid());
            config.with("role", "miner")
                    .with("hotkey", hotkey)
                    .with("config", minerConfig)
                    .with("specs", JSON.readTree(specs.toJson()))
                    .with("allocated", allocated(config.get("allocated")))
                    .with("signature", signature);
            client.upsert(runId, "miner-" + hotkey, config);
            if (!published) {
                published = true;
                log.info("W&B: miner run {} written", runId);
                heartbeat(); // a run finished by our last exit is "running" again from now on
            }
        } catch (IOException | RuntimeException e) {
            log.warn("W&B: miner run {} of {} not written ({}); retried at the next refresh in {}", runId,
                    settings.wandb().path(), e.getMessage(), settings.refreshPeriod());
        }
    }

    private JsonNode allocated(JsonNode stored) {
        if (!holdsAllocations.getAsBoolean()) {
            holder = null;
            return JSON.nullNode();
        }
        String h = holder;
        if (h != null) return JSON.getNodeFactory().textNode(h);
        // restarted while holding allocations: whoever W&B says holds us still does
        return stored.isTextual() ? stored : JSON.nullNode();
    }

    private void heartbeat() {
        if (!published) return; // the run does not exist before the first write
        try {
            client.heartbeat(runId);
            if (heartbeatFailing) log.info("W&B: heartbeats of miner run {} get through again", runId);
            heartbeatFailing = false;
        } catch (RuntimeException e) {
            if (!heartbeatFailing) {
                log.warn("W&B: heartbeat of miner run {} failed ({}); W&B may mark the run crashed until they get "
                        + "through again", runId, e.getMessage());
            }
            heartbeatFailing = true;
        }
    }

    /** Stops the periodic work and marks the run finished (bounded: never holds a shutdown for long). */
    @Override
    public void close() {
        try {
            thread.execute(() -> {
                if (!published) return;
                try {
                    client.finish(runId, 0);
                } catch (RuntimeException e) {
                    log.warn("W&B: miner run {} not marked finished ({})", runId, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            return; // already closed
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "MinerRunPublisher[" + runId + " " + settings.wandb() + "]";
    }
}
