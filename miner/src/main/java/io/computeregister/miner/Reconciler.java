package io.computeregister.miner;

import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.runtime.ContainerRuntime;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, brings the ledger and the runtime into agreement: a live allocation whose machine is gone is marked
 * removed; an expired one is removed; a stopped one (e.g. a sandbox after the miner died, or a container after a host
 * reboot) is started again; a running or paused one is adopted as it is. Then what the runtime still keeps for an
 * allocation the ledger has removed (a machine, or a leftover such as a network or derived image) is removed. A machine
 * or leftover the ledger does not know is left alone and reported: it may belong to another miner on the same engine.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private Reconciler() {}

    /** What reconciliation did, for the start-up log line. */
    record Report(int adopted, int restarted, int expired, int vanished, int cleaned, int unknown) {}

    static Report reconcile(Ledger ledger, ContainerRuntime runtime, MinerService service, Instant now) {
        int adopted = 0, restarted = 0, expired = 0, vanished = 0;
        for (Allocation a : ledger.live()) {
            if (!a.runtime().equals(runtime.name())) {
                log.warn("allocation {} was made by the {} runtime; this miner runs {}: left as it is", a.id(),
                        a.runtime(), runtime.name());
                continue;
            }
            try {
                ContainerRuntime.State state = runtime.state(a.id());
                if (!a.expiresAt().isAfter(now)) {
                    service.remove(a);
                    expired++;
                } else if (state == ContainerRuntime.State.MISSING) {
                    log.warn("allocation {} has no machine any more; marking it removed", a.id());
                    ledger.changeState(a.id(), Allocation.State.REMOVED);
                    vanished++;
                } else if (state == ContainerRuntime.State.STOPPED) {
                    runtime.restart(a.id());
                    ledger.changeState(a.id(), Allocation.State.ACTIVE);
                    restarted++;
                } else {
                    ledger.changeState(a.id(), state == ContainerRuntime.State.PAUSED
                            ? Allocation.State.PAUSED : Allocation.State.ACTIVE);
                    adopted++;
                }
            } catch (RuntimeException e) {
                log.error("reconciling allocation {} failed (left for the expiry job): {}", a.id(), e.getMessage());
            }
        }
        int cleaned = 0, foreign = 0;
        Set<String> kept = new TreeSet<>(runtime.list());
        kept.addAll(runtime.leftovers());
        for (String id : kept) {
            Optional<Allocation> known = ledger.find(id);
            if (known.map(a -> a.state().live()).orElse(false)) {
                continue;
            }
            if (known.isPresent()) {
                // Ours and removed in the ledger (just now, or by a removal or start that did not finish).
                log.info("allocation {} is removed in the ledger but the {} runtime still keeps something of it; "
                        + "removing it", id, runtime.name());
                runtime.remove(id);
                cleaned++;
            } else {
                log.warn("{} machine or leftover {} is not in this miner's ledger; not touching it", runtime.name(), id);
                foreign++;
            }
        }
        return new Report(adopted, restarted, expired, vanished, cleaned, foreign);
    }
}
