package io.computeregister.api.containers;

import io.computeregister.api.allocation.AllocationService;
import io.computeregister.api.allocation.AllocationSettings;
import io.computeregister.api.http.ApiException;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.refusal.InvalidRequest;
import io.computeregister.api.refusal.MinerDeclined;
import io.computeregister.api.refusal.NotAvailable;
import io.computeregister.api.refusal.NotYours;
import io.computeregister.api.store.AllocationEventData;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Event;
import io.computeregister.api.store.SshKeySlot;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.protocol.allocate.DockerAction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Container actions on the caller's own allocation (restart, pause, unpause, exchange key) and the fleet probe
 * {@code check_miner_status}. Every check happens before any miner call; the miner's answer decides success (the
 * original always said success, docs/compatibility.md row 14); a confirmed action is recorded with its event in one
 * transaction.
 */
public final class ContainerService {

    /** A canonical UUID (any version): 8-4-4-4-12 hex digits. */
    static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private final Store store;
    private final MinerIndex index;
    private final MinerClient client;
    private final Duration probeTimeout;
    private final Clock clock;

    /** @param client bounds its own calls ({@link AllocationSettings#withDeadlines}) */
    public ContainerService(Store store, MinerIndex index, MinerClient client, AllocationSettings settings,
                             Clock clock) {
        this.store = store;
        this.index = index;
        this.client = client;
        this.probeTimeout = settings.probeTimeout();
        this.clock = clock;
    }

    /** Outcome of an action the miner confirmed. */
    public record Done(AllocationRecord allocation, String detail) {}

    public Done act(Tenant tenant, String hotkey, String uuidKey, ContainerAction action, String sshKey,
                    String keyType) {
        if (!UUID_FORMAT.matcher(uuidKey).matches()) {
            throw new InvalidRequest(action.notSuccessful(), "Invalid UUID key: uuid_key is not a well-formed UUID");
        }
        AllocationRecord allocation = AllocationService.ownAllocationOn(store, tenant, hotkey, uuidKey,
                action.notSuccessful());
        IndexedMiner miner = index.snapshot().find(hotkey);
        if (miner == null || miner.ip() == null || miner.ip().isEmpty()) {
            throw new NotAvailable(action.errorOccurred(), "miner " + hotkey + " is not in the metagraph");
        }
        MinerAddress address = miner.address();
        DockerAction dockerAction = new DockerAction(action.wire, sshKey == null ? "" : sshKey,
                keyType == null ? "" : keyType);
        MinerClient.Confirmation reply = client.action(address, allocation.regkey(), dockerAction,
                remainingDays(allocation, clock.instant()));
        if (reply == null || !reply.confirmed()) {
            throw new MinerDeclined(action.notSuccessful(),
                    "the miner did not confirm: " + (reply == null ? "no answer" : reply.detail()));
        }
        Event event = AllocationEventData.action(allocation, action.wire,
                action == ContainerAction.EXCHANGE_KEY ? keyType : null).event(action.eventType);
        boolean recorded = switch (action) {
            case PAUSE -> store.setPaused(allocation.uuid(), true, event);
            // docker restart runs a paused container again, so both leave it unpaused
            case UNPAUSE, RESTART -> store.setPaused(allocation.uuid(), false, event);
            case EXCHANGE_KEY -> store.updateSshKey(allocation.uuid(), SshKeySlot.of(keyType), sshKey, event);
        };
        if (!recorded) { // deallocated while the miner worked on it
            throw new NotYours(AllocationService.NO_ALLOCATION, AllocationService.NO_ALLOCATION);
        }
        return new Done(allocation, reply.detail());
    }

    /** What extend answers: the allocation and its new expiry (ISO-8601 UTC). */
    public record Extended(String uuid, String expiresAt) {}

    static final String EXTEND_FAILED = "Extension not successfully, please try again.";

    /**
     * Ours: the renter's lease {@code days} longer. The miner moves its persisted expiry first (our miner's
     * {@code extend} action); only when it confirms do the API's expiry, its reservation's and the event
     * ({@code allocation.extended}) move, in one transaction. Someone else's or an ended allocation: 404, nothing
     * sent. A miner that does not know the action (an original one): 409. Refused or no answer: 400, nothing changed.
     */
    public Extended extend(Tenant tenant, String uuid, int days) {
        AllocationRecord allocation = activeOwned(tenant, uuid);
        ours(allocation, DockerAction.extend(days), EXTEND_FAILED, "extending a lease");
        Instant expires = store.extendAllocation(uuid, Duration.ofDays(days),
                        at -> AllocationEventData.extended(allocation, at, days).event("allocation.extended"))
                .orElseThrow(() -> new NotYours(AllocationService.NO_ALLOCATION, AllocationService.NO_ALLOCATION));
        return new Extended(uuid, expires.toString());
    }

    /** What logs answers: the allocation and its container's last lines. */
    public record Logs(String uuid, String logs) {}

    static final String LOGS_FAILED = "Logs not available, please try again.";

    /**
     * Ours: the renter's container's last {@code tail} lines, fetched from the miner over the signed protocol (our
     * miner's {@code logs} action). Someone else's or an ended allocation: 404, nothing sent; an original miner: 409.
     */
    public Logs logs(Tenant tenant, String uuid, int tail) {
        AllocationRecord allocation = activeOwned(tenant, uuid);
        Map<String, Object> output = ours(allocation, DockerAction.logs(tail), LOGS_FAILED, "container logs");
        Object text = output.get("logs");
        return new Logs(uuid, text == null ? "" : text.toString());
    }

    /** The tenant's active allocation with that uuid; 404 otherwise (someone else's looks like none). */
    private AllocationRecord activeOwned(Tenant tenant, String uuid) {
        return store.findAllocation(uuid)
                .filter(a -> a.state() == AllocationState.ACTIVE && AllocationService.visibleTo(tenant, a))
                .orElseThrow(() -> new NotYours(AllocationService.NO_ALLOCATION, AllocationService.NO_ALLOCATION));
    }

    /**
     * Sends one of our actions to the allocation's miner and returns its {@code output}: an original miner, which
     * does not know it, is a 409 ("does not support {@code what}"); a refusal or no answer a 400 with
     * {@code failed}.
     */
    private Map<String, Object> ours(AllocationRecord allocation, DockerAction action, String failed, String what) {
        IndexedMiner miner = index.snapshot().find(allocation.minerHotkey());
        if (miner == null || miner.ip() == null || miner.ip().isEmpty()) {
            throw new NotAvailable(failed, "miner " + allocation.minerHotkey() + " is not in the metagraph");
        }
        return switch (client.actionOutput(miner.address(), allocation.regkey(), action,
                remainingDays(allocation, clock.instant()))) {
            case MinerClient.ActionOutput.Done done -> done.output();
            case MinerClient.ActionOutput.NotSupported n -> throw new ApiException(409, failed,
                    "miner " + allocation.minerHotkey() + " does not support " + what + " (an original miner)");
            case MinerClient.ActionOutput.Refused r -> throw new MinerDeclined(failed, "the miner refused");
            case MinerClient.ActionOutput.NoAnswer n -> throw new MinerDeclined(failed,
                    "the miner did not confirm: " + n.reason());
        };
    }

    /**
     * The docs/protocol.md §9.11 status items, in request order; all probes run at once under one deadline
     * (docs/compatibility.md row 28 fixed).
     */
    public List<StatusItem> checkStatus(List<String> hotkeys, boolean queryVersion) {
        var snapshot = index.snapshot();
        List<MinerAddress> toProbe = new ArrayList<>();
        for (String h : new java.util.LinkedHashSet<>(hotkeys)) {
            IndexedMiner m = snapshot.find(h);
            if (m != null && m.ip() != null && !m.ip().isEmpty()) toProbe.add(m.address());
        }
        Map<String, MinerClient.ProbeResult> results = queryVersion || toProbe.isEmpty()
                ? Map.of() : client.probeAll(toProbe, 1, probeTimeout);
        List<StatusItem> items = new ArrayList<>(hotkeys.size());
        for (String h : hotkeys) {
            IndexedMiner m = snapshot.find(h);
            if (m == null || m.ip() == null || m.ip().isEmpty()) {
                items.add(StatusItem.status(h, "Not Found"));
            } else if (queryVersion) {
                items.add(StatusItem.version(h, versionOf(h)));
            } else {
                items.add(StatusItem.status(h, status(results.get(h))));
            }
        }
        return items;
    }

    private static String status(MinerClient.ProbeResult result) {
        return switch (result) {
            case null -> "Unknown";
            // Free, unless the miner says it holds our allocation (our miner can rent several: "fits one more" is
            // not "nothing running"); an original miner's status alone says whether its one container runs.
            case MinerClient.ProbeResult.Available a -> a.held() > 0 ? "Docker ONLINE" : "Docker OFFLINE";
            case MinerClient.ProbeResult.Busy b -> "Docker ONLINE";
            case MinerClient.ProbeResult.Unreachable u -> "Miner NO_RESPONSE";
        };
    }

    /**
     * The miner's version. The original read the metagraph's axon.version; the store does not keep it yet, so this
     * is the version the miner reported at its latest allocation with us, or 0 when we never allocated on it.
     */
    private int versionOf(String hotkey) {
        return store.findActiveAllocationOnMiner(hotkey).map(AllocationRecord::minerVersion).orElse(0);
    }

    /**
     * Whole days the allocation has left, rounded up and at least 1: the timeline sent with a docker action (an
     * original miner reads 0 as "deallocated" for its W&B record, docs/compatibility.md row 15).
     */
    static int remainingDays(AllocationRecord allocation, Instant now) {
        if (allocation.expiresAt() == null) return Math.max(1, allocation.timelineDays());
        long seconds = Duration.between(now, allocation.expiresAt()).toSeconds();
        long days = Math.ceilDiv(seconds, Duration.ofDays(1).toSeconds());
        return (int) Math.clamp(days, 1, Integer.MAX_VALUE);
    }
}
