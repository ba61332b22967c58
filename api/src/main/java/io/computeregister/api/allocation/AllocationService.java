package io.computeregister.api.allocation;

import io.computeregister.api.http.FieldError;
import io.computeregister.api.http.ValidationException;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.api.miners.MinerIndex;
import io.computeregister.api.placement.Decision;
import io.computeregister.api.placement.IndexedMiner;
import io.computeregister.api.placement.Placement;
import io.computeregister.api.placement.PlacementReport;
import io.computeregister.api.placement.PlacementRequest;
import io.computeregister.api.placement.Reasons;
import io.computeregister.api.placement.Verdict;
import io.computeregister.api.refusal.IdempotencyConflict;
import io.computeregister.api.refusal.InvalidRequest;
import io.computeregister.api.refusal.NotAvailable;
import io.computeregister.api.refusal.NotYours;
import io.computeregister.api.store.AllocationEventData;
import io.computeregister.api.store.AllocationRecord;
import io.computeregister.api.store.AllocationState;
import io.computeregister.api.store.IdempotencyClaim;
import io.computeregister.api.store.Store;
import io.computeregister.api.store.Tenant;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation path (docs/architecture.md §3): place on the snapshot, then try the best candidates one by one through
 * {@link CandidateAttempt}; idempotency keys around the whole. Deallocation ends an allocation and frees its miner.
 */
public final class AllocationService {

    private static final Logger log = LoggerFactory.getLogger(AllocationService.class);

    static final String FAIL = "Fail to allocate resource";
    static final String NOT_AVAILABLE = "Requested resource is not available.";
    public static final String NO_ALLOCATION = "No allocation details found for the provided hotkey.";
    /**
     * COMPAT: allocate_hotkey's probe/allocate timeline. The original declared 30 days and sent 60
     * (docs/compatibility.md row 9).
     */
    static final int HOTKEY_TIMELINE_DAYS = 30;
    /** COMPAT: allocate_hotkey ignores the request and always sends this (docs/protocol.md §2.4 step 3). */
    private static final DeviceRequirement HOTKEY_DEVICE =
            new DeviceRequirement(1, 1, "", 0, 1L << 30, 1L << 30, false);

    private final Store store;
    private final MinerIndex index;
    private final Placement placement;
    private final MinerClient client;
    private final AllocationSettings settings;
    private final CandidateAttempt attempt;

    /** @param client bounds its own calls ({@link AllocationSettings#withDeadlines}) */
    public AllocationService(Store store, MinerIndex index, Placement placement, MinerClient client,
                             AllocationSettings settings, Clock clock) {
        this.store = store;
        this.index = index;
        this.placement = placement;
        this.client = client;
        this.settings = settings;
        this.attempt = new CandidateAttempt(store, index, client, settings, clock);
    }

    /** The real pipeline on the current snapshot, with nothing reserved (Nomad's Job.Plan). */
    public PlacementReport dryRun(AllocationRequests.Spec request) {
        return placement.place(question(request), index.snapshot(), index).report();
    }

    public AllocationRecord allocateSpec(Tenant tenant, AllocationRequests.Spec request, String idempotencyKey) {
        return idempotent(tenant, idempotencyKey, request.fingerprint(), () -> {
            DeviceRequirement device = request.requirements().device();
            Decision decision = placement.place(question(request), index.snapshot(), index);
            CandidateAttempt.Order order = new CandidateAttempt.Order(tenant, request.timelineDays(), device,
                    request.docker(), idempotencyKey);
            List<String> failures = new ArrayList<>();
            int tried = 0;
            for (IndexedMiner candidate : decision.candidates()) {
                if (tried == settings.maxCandidates()) break;
                CandidateAttempt.Outcome outcome = attempt.run(candidate, order);
                if (outcome instanceof CandidateAttempt.Outcome.Allocated a) return a.allocation();
                // Losing a reservation race costs nothing (no miner call), so it does not use up an attempt.
                if (!(outcome instanceof CandidateAttempt.Outcome.Taken)) tried++;
                failures.add(detail(outcome));
            }
            String detail = NOT_AVAILABLE + " " + decision.report().summary()
                    + (failures.isEmpty() ? "" : "; tried " + tried + ": " + String.join("; ", failures));
            throw new NotAvailable(FAIL, detail);
        });
    }

    /**
     * The placement question of an allocate_spec request: its resources and the host ports its extra ports take. More
     * than one GPU where no miner has that many is a 422 naming {@code gpu_count}, before anything is reserved (one
     * GPU keeps the original's answer, "Fail to allocate resource"). An image no miner's catalog offers is a 422 naming
     * {@code base_image} and listing the images there are ("" and "ubuntu" are every miner's default), unless no miner
     * has a catalog at all (original miners only: the name is ignored, as the original ignored it).
     */
    private PlacementRequest question(AllocationRequests.Spec request) {
        int asked = request.requirements().device().gpuCount();
        int most = index.snapshot().mostGpus();
        if (asked > 1 && asked > most) {
            throw new ValidationException(List.of(new FieldError("gpu_count",
                    "no miner has " + asked + " GPUs; the most any miner has is " + most)));
        }
        PlacementRequest question = PlacementRequest.forSpec(request.requirements().device(), seed())
                .withExtraPorts(request.docker().ports().size()).withImage(request.docker().baseImage());
        // COMPAT: a fleet of original miners only, which run their own image whatever is asked, ignores the name
        // as the original did; once catalogs exist, a name none of them offers is a mistake worth saying.
        if (question.image() != null && index.snapshot().images().isEmpty()) return question.withImage(null);
        if (question.image() != null && !index.snapshot().images().contains(question.image())) {
            throw new ValidationException(List.of(new FieldError("base_image", "no miner offers image '"
                    + question.image() + "'; images offered: " + (index.snapshot().images().isEmpty() ? "none"
                    : String.join(", ", index.snapshot().images())))));
        }
        return question;
    }

    public AllocationRecord allocateHotkey(Tenant tenant, AllocationRequests.Hotkey request, String idempotencyKey) {
        if (request.hotkey().isEmpty()) {
            throw new InvalidRequest("Invalid allocation request", "Invalid hotkey, please check the hotkey");
        }
        return idempotent(tenant, idempotencyKey, request.fingerprint(), () -> {
            Decision decision = placement.place(
                    PlacementRequest.forHotkey(request.hotkey(), seed()), index.snapshot(), index);
            Verdict verdict = decision.pinnedVerdict();
            if (verdict instanceof Verdict.Unresolvable u && u.reason().equals(Reasons.BLOCKED)) {
                throw new NotAvailable("Fail to allocate resource, blacklisted", "blacklisted");
            }
            if (decision.candidates().isEmpty()) {
                String why = verdict instanceof Verdict.Unfit u && u.reason().equals(Reasons.BUSY)
                        ? "miner " + request.hotkey() + " is busy: another allocation holds it"
                        : verdict instanceof Verdict.Unfit u && u.reason().startsWith(Reasons.FREE_PREFIX)
                        ? "miner " + request.hotkey() + " is busy: " + decision.report().summary()
                        : decision.report().summary();
                throw new NotAvailable(FAIL, NOT_AVAILABLE + " " + why);
            }
            CandidateAttempt.Order order = new CandidateAttempt.Order(tenant, HOTKEY_TIMELINE_DAYS,
                    HOTKEY_DEVICE, request.docker(), idempotencyKey);
            CandidateAttempt.Outcome outcome = attempt.run(decision.candidates().get(0), order);
            if (outcome instanceof CandidateAttempt.Outcome.Allocated a) return a.allocation();
            throw new NotAvailable(FAIL, NOT_AVAILABLE + " " + detail(outcome));
        });
    }

    /** Result of a deallocation: whether the miner confirmed the container is gone. */
    public record Deallocation(AllocationRecord allocation, boolean minerConfirmed, String detail) {}

    public Deallocation deallocate(Tenant tenant, AllocationRequests.Deallocate request) {
        AllocationRecord allocation = ownAllocationOn(store, tenant, request.hotkey(), request.uuidKey(),
                "Deallocation not successfully, please try again.");
        IndexedMiner miner = index.snapshot().find(allocation.minerHotkey());
        MinerClient.Confirmation confirmation = new MinerClient.Confirmation.NoAnswer("miner not in metagraph");
        if (miner != null && !miner.ip().isEmpty()) {
            MinerAddress address = miner.address();
            for (int i = 1; i <= settings.deallocateAttempts() && !confirmation.confirmed(); i++) {
                confirmation = client.deallocate(address, allocation.regkey());
                if (!confirmation.confirmed() && i < settings.deallocateAttempts()) pause(1000);
            }
        }
        boolean confirmed = confirmation.confirmed();
        boolean ended = store.endAllocation(allocation.uuid(),
                confirmed ? AllocationState.DEALLOCATED : AllocationState.DEALLOCATED_UNCONFIRMED,
                AllocationEventData.deallocated(allocation, confirmed, request.notifyFlag())
                        .event("allocation.deallocated"));
        if (!ended) throw new NotYours(NO_ALLOCATION, NO_ALLOCATION); // a concurrent deallocate won
        if (confirmed) {
            index.markFree(allocation.minerHotkey());
        } else {
            log.warn("allocation {} on {} ended without miner confirmation ({}); miner held until reconciliation "
                    + "gets it confirmed", allocation.uuid(), allocation.minerHotkey(), confirmation.detail());
        }
        return new Deallocation(allocation, confirmed, confirmation.detail());
    }

    /** A renter sees only its own allocations; admins see all. Others' look exactly like missing ones (404). */
    /**
     * The active allocation on {@code hotkey} whose uuid is {@code uuidKey}, visible to the tenant (our miner rents to
     * several renters at once, so the hotkey alone no longer names one). The original's answers: "no allocation"
     * when the tenant has none there, "Invalid UUID key" (with {@code notSuccessful}) when none of its has that uuid.
     * Every candidate is compared in constant time, so the answer's timing says nothing about the uuid.
     */
    public static AllocationRecord ownAllocationOn(Store store, Tenant tenant, String hotkey, String uuidKey,
                                                   String notSuccessful) {
        AllocationRecord found = null;
        boolean any = false;
        for (AllocationRecord a : store.findActiveAllocationsOnMiner(hotkey)) {
            if (!visibleTo(tenant, a)) continue;
            any = true;
            if (constantTimeEquals(a.uuid(), uuidKey) && found == null) found = a;
        }
        if (!any) throw new NotYours(NO_ALLOCATION, NO_ALLOCATION);
        if (found == null) throw new InvalidRequest(notSuccessful, "Invalid UUID key");
        return found;
    }

    public static boolean visibleTo(Tenant tenant, AllocationRecord allocation) {
        return tenant.admin() || tenant.id().equals(allocation.tenantId());
    }

    // ---- idempotency

    /** @param fingerprint the request the key is bound to ({@link AllocationRequests.Spec#fingerprint()}) */
    private AllocationRecord idempotent(Tenant tenant, String key, String fingerprint,
                                        Supplier<AllocationRecord> work) {
        if (key == null) return work.get();
        if (key.isBlank() || key.length() > 255) {
            throw new IdempotencyConflict(IdempotencyConflict.Kind.MALFORMED_KEY, "Invalid Idempotency-Key",
                    "Idempotency-Key must be 1-255 characters");
        }
        String hash = sha256(fingerprint);
        switch (store.claimIdempotencyKey(tenant.id(), key, hash, settings.longestRequest())) {
            case IdempotencyClaim.Replay r -> {
                return store.findAllocation(r.allocationUuid())
                        .orElseThrow(() -> new IllegalStateException("idempotency key bound to a missing allocation"));
            }
            case IdempotencyClaim.InProgress p -> throw new IdempotencyConflict(
                    IdempotencyConflict.Kind.STILL_RUNNING, "Idempotency-Key in use",
                    "a request with this Idempotency-Key is still being processed; retry later");
            case IdempotencyClaim.DifferentRequest d -> throw new IdempotencyConflict(
                    IdempotencyConflict.Kind.OTHER_REQUEST, "Idempotency-Key reused",
                    "this Idempotency-Key was already used with a different request");
            case IdempotencyClaim.Claimed c -> { }
        }
        boolean done = false;
        try {
            AllocationRecord result = work.get();
            done = true;
            return result;
        } finally {
            if (!done) store.releaseIdempotencyKey(tenant.id(), key); // failed: the client may retry with the key
        }
    }

    // ---- helpers

    private static String detail(CandidateAttempt.Outcome outcome) {
        return switch (outcome) {
            case CandidateAttempt.Outcome.Taken t -> t.detail();
            case CandidateAttempt.Outcome.Busy b -> b.detail();
            case CandidateAttempt.Outcome.Failed f -> f.detail();
            case CandidateAttempt.Outcome.Allocated a -> "allocated";
        };
    }

    private static long seed() {
        return UUID.randomUUID().getMostSignificantBits();
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
