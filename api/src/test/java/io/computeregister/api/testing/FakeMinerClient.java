package io.computeregister.api.testing;

import io.computeregister.api.minerclient.AllocateOrder;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A miner fleet in memory, for tests of the API side (the dendrite is not what they are about). It keeps one
 * container per miner keyed by the regkey that created it, encrypts the credentials with the request's public key
 * as a real miner does (so the service's decrypt path runs), and records any allocate that would have clobbered
 * another container: the double-booking the reservation exists to prevent.
 */
public final class FakeMinerClient implements MinerClient {

    public final Map<String, String> containers = new ConcurrentHashMap<>();
    public final List<String> clobbered = new CopyOnWriteArrayList<>();
    public final Set<String> refusing = ConcurrentHashMap.newKeySet();
    public final Set<String> failing = ConcurrentHashMap.newKeySet();
    public final Set<String> hanging = ConcurrentHashMap.newKeySet();
    /** Miners whose deallocate gets no answer (down, or the network is). */
    public final Set<String> unanswering = ConcurrentHashMap.newKeySet();
    public final AtomicInteger allocateCalls = new AtomicInteger();
    public final AtomicInteger deallocateCalls = new AtomicInteger();
    public volatile Duration allocateDelay = Duration.ofMillis(20);
    public volatile int sshPort = 4444;
    public volatile boolean returnNull = false;
    public final AtomicInteger actionCalls = new AtomicInteger();
    public final List<DockerAction> actions = new CopyOnWriteArrayList<>();
    /** The timeline (days) each action was sent with, in the order of {@link #actions}. */
    public final List<Integer> actionTimelines = new CopyOnWriteArrayList<>();
    /** Miners whose container actions the miner refuses (answers status false). */
    public final Set<String> refusingActions = ConcurrentHashMap.newKeySet();
    public volatile Duration probeDelay = Duration.ZERO;
    public final Set<String> probeThrowing = ConcurrentHashMap.newKeySet();
    /** Miners whose probe gets no answer (down, frozen, or the network is). */
    public final Set<String> probeUnanswered = ConcurrentHashMap.newKeySet();
    /** Every probe, in order: the miner's hotkey and the timeline it was sent with. */
    public final List<String> probes = new CopyOnWriteArrayList<>();

    @Override
    public ProbeResult probe(MinerAddress miner, DeviceRequirement device, int timelineDays) {
        if (!probeDelay.isZero()) sleep(hanging.contains(miner.hotkey()) ? Duration.ofMinutes(5) : probeDelay);
        if (probeThrowing.contains(miner.hotkey())) throw new IllegalStateException("probe blew up");
        probes.add(miner.hotkey() + " timeline=" + timelineDays);
        if (probeUnanswered.contains(miner.hotkey())) return new ProbeResult.Unreachable("dendrite status 408: timeout");
        // As our miner sized for one allocation answers (MinerClientContractTest holds both to it): it does not fit
        // while one runs, and every container here is this API's, so held counts it.
        return containers.containsKey(miner.hotkey()) ? new ProbeResult.Busy(1) : new ProbeResult.Available(0);
    }

    @Override
    public AllocateResult allocate(MinerAddress miner, AllocateOrder order) {
        allocateCalls.incrementAndGet();
        if (returnNull) return null;
        sleep(hanging.contains(miner.hotkey()) ? Duration.ofMinutes(5) : allocateDelay);
        if (refusing.contains(miner.hotkey())) return new AllocateResult.Refused("status false");
        String previous = containers.put(miner.hotkey(), order.publicKeyPem());
        if (previous != null) clobbered.add(miner.hotkey());
        if (failing.contains(miner.hotkey())) return new AllocateResult.Failed("connection reset after send");
        try {
            // Encrypt as a real miner does, then decrypt as the dendrite client does.
            String info = new AllocationInfo("root", "Pw" + miner.hotkey().hashCode() + "x", sshPort, 183).toJson();
            String cipher = RsaEnvelope.encryptToBase64(RsaEnvelope.parsePublicKeyPem(order.publicKeyPem()), info);
            return new AllocateResult.Allocated(order.decryptInfo(cipher));
        } catch (IllegalArgumentException e) {
            return new AllocateResult.Failed("cannot decrypt info");
        }
    }

    @Override
    public Confirmation deallocate(MinerAddress miner, String regkeyPem) {
        deallocateCalls.incrementAndGet();
        if (unanswering.contains(miner.hotkey())) {
            return new Confirmation.NoAnswer("dendrite status 503: connection refused");
        }
        // As the original miner: only the key that created the container may remove it; otherwise status false.
        return containers.remove(miner.hotkey(), regkeyPem) ? new Confirmation.Confirmed() : new Confirmation.Denied();
    }

    @Override
    public Confirmation action(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays) {
        actionTimelines.add(timelineDays);
        actionCalls.incrementAndGet();
        actions.add(action);
        if (refusingActions.contains(miner.hotkey())) return new Confirmation.NoAnswer("status false");
        return regkeyPem.equals(containers.get(miner.hotkey()))
                ? new Confirmation.Confirmed() : new Confirmation.NoAnswer("no container");
    }

    /**
     * As our miner answers {@code extend}: the owner's lease moves by the days asked (1-365), {@code expires_at} the new
     * expiry; not the owner: {@code status: false}. {@code logs}: as our miner on the sandbox runtime (no output
     * kept). Any other action: none here, as an original miner.
     */
    @Override
    public ActionOutput actionOutput(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays) {
        actionTimelines.add(timelineDays);
        actionCalls.incrementAndGet();
        actions.add(action);
        if (unanswering.contains(miner.hotkey())) return new ActionOutput.NoAnswer("dendrite status 408: timeout");
        if (DockerAction.LOGS.equals(action.action())) {
            // As our miner on a runtime that keeps no output (the sandbox): the owner gets "", anyone else no.
            if (!regkeyPem.equals(containers.get(miner.hotkey())) || action.tail() == null || action.tail() < 1
                    || action.tail() > DockerAction.MAX_TAIL) {
                return new ActionOutput.Refused();
            }
            return new ActionOutput.Done(Map.of("status", true, "port", sshPort, "logs", ""));
        }
        if (!DockerAction.EXTEND.equals(action.action())) return new ActionOutput.NotSupported();
        if (!regkeyPem.equals(containers.get(miner.hotkey())) || action.days() == null || action.days() < 1
                || action.days() > DockerAction.MAX_EXTEND_DAYS) {
            return new ActionOutput.Refused();
        }
        java.time.Instant expires = leases.merge(miner.hotkey(),
                java.time.Instant.now().plus(Duration.ofDays(timelineDays + action.days())),
                (old, fresh) -> old.plus(Duration.ofDays(action.days())));
        return new ActionOutput.Done(Map.of("status", true, "port", sshPort, "expires_at", expires.toString()));
    }

    /** The lease each container's owner extended, as the miner's ledger would hold it. */
    public final Map<String, java.time.Instant> leases = new ConcurrentHashMap<>();

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
