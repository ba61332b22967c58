package io.computeregister.api.allocation;

import io.computeregister.api.minerclient.AllocateOrder;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.placement.Hardware;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.placement.Offer;
import io.computeregister.api.store.AllocationEventData;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.Claim;
import io.computeregister.api.store.Reservation;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.computeregister.protocol.envelope.AllocationInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Allocation on one chosen miner: reserve → probe → allocate → verify SSH → commit. Any failure after the miner may
 * have created a container tells it to deallocate (with our key, so only our container can go). The reservation is
 * released only when the miner confirms; otherwise it stays, carrying the regkey written ahead of the Allocate, and
 * keeps the miner held until {@link PendingRecovery} gets the miner to confirm. Nothing is left half-written, and no
 * second renter is placed beside a container that may still run.
 */
final class CandidateAttempt {

    private static final Logger log = LoggerFactory.getLogger(CandidateAttempt.class);

    /** What one attempt came to. */
    sealed interface Outcome {
        record Allocated(AllocationRecord allocation) implements Outcome {}

        /** Another request holds the miner's reservation; nothing was sent to the miner. */
        record Taken(String detail) implements Outcome {}

        /** The miner itself reports a running container we do not know about. */
        record Busy(String detail) implements Outcome {}

        record Failed(String detail) implements Outcome {}
    }

    /** Everything the attempt needs from the request. */
    record Order(Tenant tenant, int timelineDays, DeviceRequirement device, DockerRequirement docker,
                 String idempotencyKey) {}

    private final Store store;
    private final MinerIndex index;
    private final MinerClient client;
    private final AllocationSettings settings;
    private final Clock clock;

    /** @param client bounds its own calls ({@link AllocationSettings#withDeadlines}) */
    CandidateAttempt(Store store, MinerIndex index, MinerClient client, AllocationSettings settings, Clock clock) {
        this.store = store;
        this.index = index;
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    Outcome run(IndexedMiner miner, Order order) {
        Optional<Reservation> reservation = reserve(miner, order);
        index.markHeld(miner.hotkey());
        if (reservation.isEmpty()) {
            return new Outcome.Taken("miner " + miner.hotkey() + " is busy: other allocations hold it or what the "
                    + "request needs of it");
        }
        String token = reservation.get().token();
        String allocationUuid = UUID.randomUUID().toString();
        MinerAddress address = miner.address();
        boolean committed = false;
        boolean minerMayHoldContainer = false;
        AllocateOrder allocateOrder = null;
        try {
            switch (client.probe(address, order.device(), order.timelineDays())) {
                case MinerClient.ProbeResult.Busy b -> {
                    return new Outcome.Busy("miner " + miner.hotkey() + " reports a running container");
                }
                case MinerClient.ProbeResult.Unreachable u -> {
                    return new Outcome.Failed("miner " + miner.hotkey() + " unreachable: " + u.reason());
                }
                case MinerClient.ProbeResult.Available a -> { }
            }

            AllocateOrder sent = AllocateOrder.withFreshKeys(order.timelineDays(), order.device(), order.docker());
            allocateOrder = sent;
            // Write-ahead: if this process dies during the call, the next start finds the regkey on the reservation
            // and tells the miner to deallocate with it (PendingRecovery), so the container cannot be orphaned.
            if (!store.recordAllocateIntent(token, allocationUuid, sent.publicKeyPem())) {
                return new Outcome.Failed("miner " + miner.hotkey() + ": reservation expired before the allocate call");
            }
            minerMayHoldContainer = true;
            AllocationInfo credentials;
            Map<String, Integer> ports;
            switch (client.allocate(address, sent)) {
                case MinerClient.AllocateResult.Refused r -> {
                    minerMayHoldContainer = false;
                    return new Outcome.Failed("miner " + miner.hotkey() + " refused: " + r.reason());
                }
                case MinerClient.AllocateResult.Failed f -> {
                    return new Outcome.Failed("miner " + miner.hotkey() + ": " + f.reason());
                }
                case MinerClient.AllocateResult.Allocated a -> {
                    credentials = a.credentials();
                    ports = a.ports();
                }
            }

            if (!settings.sshCheck().reachable(miner.ip(), credentials.port())) {
                return new Outcome.Failed("miner " + miner.hotkey() + ": ssh at " + miner.ip() + ":"
                        + credentials.port() + " did not answer within " + settings.sshBudget().toSeconds() + " s");
            }

            Instant now = clock.instant();
            AllocationRecord allocation = new AllocationRecord(allocationUuid, miner.hotkey(),
                    order.tenant().id(), AllocationState.ACTIVE, resourceName(miner), miner.ip(), credentials.port(),
                    credentials.username(), credentials.password(), order.docker().sshKey(), allocateOrder.publicKeyPem(),
                    credentials.version(), order.timelineDays(), now,
                    now.plus(Duration.ofDays(order.timelineDays())), null, false, taken(miner, order), ports);
            committed = store.commitAllocation(token, allocation, order.idempotencyKey(),
                    AllocationEventData.created(allocation).event("allocation.created"));
            if (!committed) {
                token = null; // the reservation is someone else's now: do not release it
                return new Outcome.Failed("miner " + miner.hotkey() + ": reservation expired before the miner answered");
            }
            return new Outcome.Allocated(allocation);
        } finally {
            if (!committed) cleanUp(address, token, minerMayHoldContainer ? allocateOrder.publicKeyPem() : null);
        }
    }

    /**
     * Our miner (it offers capacity): the request's share of it, beside other renters, if it fits what is left. An
     * original miner: the whole machine, as the original rents it (docs/protocol.md §3.3).
     */
    private Optional<Reservation> reserve(IndexedMiner miner, Order order) {
        Offer offer = miner.hardware() == null ? null : miner.hardware().offer();
        if (offer == null) return store.reserve(miner.hotkey(), 0, order.tenant().id(), settings.pendingTtl());
        DeviceRequirement device = order.device() != null ? order.device() : NO_RESOURCES;
        return store.reserve(miner.hotkey(), taken(miner, order), offer.roomFor(device), order.tenant().id(),
                settings.pendingTtl());
    }

    /**
     * What the allocation holds of the miner, recorded for usage: on ours the request's share (cores, memory, disk,
     * cards, one SSH port plus the extra ones), on an original miner its whole machine as its report says.
     */
    private static Claim taken(IndexedMiner miner, Order order) {
        Hardware h = miner.hardware();
        if (h == null) return null;
        if (h.offer() == null) {
            return new Claim(h.cpuCount(), h.ramAvailableBytes(), h.diskFreeBytes(), h.gpuCount(), 1);
        }
        DeviceRequirement device = order.device() != null ? order.device() : NO_RESOURCES;
        return h.offer().claimFor(device, order.docker().ports().size());
    }

    /** What allocate_hotkey asks for: no resources (the claim is one SSH port). */
    private static final DeviceRequirement NO_RESOURCES = new DeviceRequirement(0, 0, "", 0, 0, 0, false);

    private void cleanUp(MinerAddress address, String token, String regkey) {
        if (token == null) return; // not ours to release (expired and taken by another request)
        if (regkey != null) {
            MinerClient.Confirmation c = client.deallocate(address, regkey);
            if (!(c instanceof MinerClient.Confirmation.Confirmed)) {
                // No answer, or "nothing for that key" while our Allocate may still be running on the miner: the
                // container may exist or still appear. Keep the miner held; PendingRecovery's next sweep asks again
                // (an Allocate of ours the miner finishes later is rolled back by our miner, which finds its caller
                // gone, and removed by an original miner's own reconciliation, docs/protocol.md §1.2 step 7).
                store.abandonPending(token);
                log.warn("miner {}: cleanup after a failed allocation not confirmed ({}); the miner stays held until "
                        + "it confirms", address.hotkey(), c.detail());
                return;
            }
        }
        store.release(token);
        index.markFree(address.hotkey());
    }

    /** The lowercased first GPU name, as the original reports it; a clear text when the miner has no GPU specs. */
    private static String resourceName(IndexedMiner miner) {
        if (miner.hardware() == null || miner.hardware().gpuName().isEmpty()) return "No details available";
        return miner.hardware().gpuName();
    }

}
