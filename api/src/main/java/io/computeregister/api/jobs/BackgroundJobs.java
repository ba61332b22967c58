package io.computeregister.api.jobs;

import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.minerclient.DendriteOwnershipProbe;
import io.computeregister.api.minerclient.OwnershipProbe;
import io.computeregister.api.cluster.Leadership;
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
 * Every background job of the API, on one {@link JobRunner}:
 *
 * <pre>
 *   lane        job                 who        period
 *   discovery   miner-discovery     leader     --discovery-period (metagraph refresh + Specs to every miner)
 *   miners      health-loop         leader     --health-period    (ownership probe of every allocation)
 *   miners      lease-expiry        leader     --expiry-period
 *   miners      reconciliation      leader     reconcilePeriod
 *   webhooks    webhook-delivery    leader     deliveryPeriod
 *   index       index-reload        every      indexReloadPeriod  (followers' placement index follows the leader's)
 *   wandb       wandb-publish       leader     WANDB_PERIOD       (only with W&amp;B: held hotkeys after changes)
 * </pre>
 *
 * The miners lane's jobs share one dendrite of their own (not the allocation path's nor discovery's) and never run at
 * the same time, so their calls to one axon cannot overtake each other.
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

    private BackgroundJobs(JobRunner runner, HealthLoop health, LeaseExpiry expiry, Reconciliation reconciliation,
                           WebhookDeliverer deliverer) {
        this.runner = runner;
        this.health = health;
        this.expiry = expiry;
        this.reconciliation = reconciliation;
        this.deliverer = deliverer;
    }

    /**
     * Builds and starts the jobs; the W&amp;B publisher only when {@code wandb} is not {@link WandbSink#OFF}.
     *
     * @param minersDendrite a dendrite used only by the miners lane
     * @param discovery      may be null (no metagraph): then no discovery job
     * @param apiHotkey      the API's hotkey (ss58), whose W&amp;B validator run receives the held hotkeys
     * @param webhookTargets where webhook deliveries may go
     */
    public static BackgroundJobs start(JobsConfig config, Leadership leadership, Database database, Store store,
                                       MinerIndex index, MinerDiscovery discovery, Duration discoveryPeriod,
                                       Dendrite minersDendrite, AllocationSettings settings, WebhookStore webhooks,
                                       Clock clock, WandbSink wandb, String apiHotkey, WebhookTargets webhookTargets) {
        OwnershipProbe probe = new DendriteOwnershipProbe(minersDendrite, config.probeTimeout());
        HealthLedger ledger = new HealthLedger(database, clock);
        HealthLoop health = new HealthLoop(store, ledger, probe, index, config.healthMisses(), config.probeTimeout(),
                clock);
        LeaseExpiry expiry = new LeaseExpiry(store, settings.dendriteClient(minersDendrite), probe, index,
                settings.unconfirmedHold(), settings.deallocateTimeout(), clock);
        Reconciliation reconciliation = new Reconciliation(store, ledger, probe, index, config.probeTimeout(), clock);
        WebhookDeliverer deliverer = new WebhookDeliverer(webhooks, config.webhookTimeout(), config.backoffBase(),
                config.backoffCap(), config.giveUpAfter(), webhookTargets, clock);

        JobRunner runner = new JobRunner(leadership);
        if (discovery != null) runner.add(new Job(DISCOVERY, "discovery", discoveryPeriod, true, discovery::runOnce));
        runner.add(new Job(HealthLoop.NAME, "miners", config.healthPeriod(), true, health))
                .add(new Job(LeaseExpiry.NAME, "miners", config.expiryPeriod(), true, expiry))
                .add(new Job(Reconciliation.NAME, "miners", config.reconcilePeriod(), true, reconciliation))
                .add(new Job(WebhookDeliverer.NAME, "webhooks", config.deliveryPeriod(), true, deliverer))
                .add(new Job(INDEX_RELOAD, "index", config.indexReloadPeriod(), false, index::refresh));
        if (wandb != WandbSink.OFF) {
            runner.add(new Job(AllocatedHotkeysPublisher.NAME, "wandb", WANDB_PERIOD, true,
                    new AllocatedHotkeysPublisher(store, wandb, apiHotkey)));
        }
        return new BackgroundJobs(runner.start(), health, expiry, reconciliation, deliverer);
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
        deliverer.close();
    }
}
