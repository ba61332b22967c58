package io.computeregister.api.jobs;

import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.cluster.Leadership;
import io.computeregister.api.minerclient.DendriteOwnershipProbe;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.minerclient.OwnershipProbe;
import io.computeregister.api.miners.MinerDiscovery;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.store.Database;
import io.computeregister.api.store.Store;
import io.computeregister.api.wandb.WandbSink;
import io.computeregister.api.webhooks.WebhookDeliverer;
import io.computeregister.api.webhooks.WebhookStore;
import io.computeregister.api.webhooks.WebhookTargets;
import io.computeregister.bittensor.dendrite.Dendrite;
import java.time.Clock;
import java.time.Duration;

/**
 * Every background job of the API, on one {@link JobRunner}, assembled feature by feature with {@link #builder}:
 *
 * <pre>
 *   builder step     lane        job                 who        period
 *   discovery        discovery   miner-discovery     leader     --discovery-period (metagraph + Specs to every miner)
 *   allocations      miners      health-loop         leader     --health-period    (ownership probe of allocations)
 *                    miners      lease-expiry        leader     --expiry-period
 *                    miners      reconciliation      leader     reconcilePeriod
 *   webhooks         webhooks    webhook-delivery    leader     deliveryPeriod
 *   indexReload      index       index-reload        every      indexReloadPeriod  (followers follow the leader)
 *   wandb            wandb       wandb-publish       leader     WANDB_PERIOD       (held hotkeys after changes)
 * </pre>
 *
 * The miners lane's jobs share one dendrite of their own (not the allocation path's nor discovery's) and never run at
 * the same time, so their calls to one axon cannot overtake each other. A job joins by a line in its feature's step.
 */
public final class BackgroundJobs implements AutoCloseable {

    public static final String INDEX_RELOAD = "index-reload";
    public static final String DISCOVERY = "miner-discovery";
    /** How often the W&amp;B publisher looks for allocation changes (a cheap read of the newest event seq). */
    public static final Duration WANDB_PERIOD = Duration.ofSeconds(2);

    private final JobRunner runner;
    private final HealthLoop health;
    private final LeaseExpiry expiry;
    private final Reconciliation reconciliation;
    private final WebhookDeliverer deliverer;

    private BackgroundJobs(Builder b) {
        this.runner = b.runner;
        this.health = b.health;
        this.expiry = b.expiry;
        this.reconciliation = b.reconciliation;
        this.deliverer = b.deliverer;
    }

    /** Jobs with these periods and thresholds, run while {@code leadership} says so (leader-only ones). */
    public static Builder builder(JobsConfig config, Leadership leadership, Clock clock) {
        return new Builder(config, leadership, clock);
    }

    /** Adds each feature's jobs; {@link #start()} schedules them all. A step not called adds nothing. */
    public static final class Builder {
        private final JobsConfig config;
        private final Clock clock;
        private final JobRunner runner;
        private HealthLoop health;
        private LeaseExpiry expiry;
        private Reconciliation reconciliation;
        private WebhookDeliverer deliverer;

        private Builder(JobsConfig config, Leadership leadership, Clock clock) {
            this.config = config;
            this.clock = clock;
            this.runner = new JobRunner(leadership);
        }

        /** Metagraph refresh and Specs to every miner. */
        public Builder discovery(MinerDiscovery discovery, Duration period) {
            runner.add(new Job(DISCOVERY, "discovery", period, true, discovery::runOnce));
            return this;
        }

        /**
         * The watch over active allocations: health loop, lease expiry and reconciliation.
         *
         * @param dendrite a dendrite used only by these jobs (the miners lane)
         */
        public Builder allocations(Database database, Store store, MinerIndex index, Dendrite dendrite,
                                   AllocationSettings settings) {
            OwnershipProbe probe = new DendriteOwnershipProbe(dendrite, config.probeTimeout());
            HealthLedger ledger = new HealthLedger(database, clock);
            MinerClient miners = settings.dendriteClient(dendrite);
            health = new HealthLoop(store, ledger, probe, miners, index, config.healthMisses(), config.probeTimeout(),
                    clock);
            expiry = new LeaseExpiry(store, miners, probe, index, settings.deallocateTimeout(), clock);
            reconciliation = new Reconciliation(store, ledger, probe, miners, index, config.probeTimeout(), clock);
            runner.add(new Job(HealthLoop.NAME, "miners", config.healthPeriod(), true, health))
                    .add(new Job(LeaseExpiry.NAME, "miners", config.expiryPeriod(), true, expiry))
                    .add(new Job(Reconciliation.NAME, "miners", config.reconcilePeriod(), true, reconciliation));
            return this;
        }

        /** Delivery of the webhook outbox to {@code targets}. */
        public Builder webhooks(WebhookStore webhooks, WebhookTargets targets) {
            deliverer = new WebhookDeliverer(webhooks, config.webhookTimeout(), config.backoffBase(),
                    config.backoffCap(), config.giveUpAfter(), targets, clock);
            runner.add(new Job(WebhookDeliverer.NAME, "webhooks", config.deliveryPeriod(), true, deliverer));
            return this;
        }

        /** Every replica reloads its placement index, so followers' placement follows the leader's changes. */
        public Builder indexReload(MinerIndex index) {
            runner.add(new Job(INDEX_RELOAD, "index", config.indexReloadPeriod(), false, index::refresh));
            return this;
        }

        /**
         * The held hotkeys written to W&amp;B after allocation changes; nothing when {@code wandb} is
         * {@link WandbSink#OFF}.
         *
         * @param apiHotkey the API's hotkey (ss58), whose W&amp;B validator run receives the held hotkeys
         */
        public Builder wandb(WandbSink wandb, Store store, String apiHotkey) {
            if (wandb != WandbSink.OFF) {
                runner.add(new Job(AllocatedHotkeysPublisher.NAME, "wandb", WANDB_PERIOD, true,
                        new AllocatedHotkeysPublisher(store, wandb, apiHotkey)));
            }
            return this;
        }

        public BackgroundJobs start() {
            runner.start();
            return new BackgroundJobs(this);
        }
    }

    public JobRunner runner() {
        return runner;
    }

    public HealthLoop health() {
        return health;
    }

    public LeaseExpiry expiry() {
        return expiry;
    }

    public Reconciliation reconciliation() {
        return reconciliation;
    }

    public WebhookDeliverer deliverer() {
        return deliverer;
    }

    @Override
    public void close() {
        runner.close();
        if (deliverer != null) deliverer.close();
    }
}
