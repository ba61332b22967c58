package io.computeregister.miner;

import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.runtime.ContainerRuntime;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, brings the ledger and the runtime into agreement: a live allocation whose machine is gone is marked
 * removed; an expired one is removed; a stopped one (e.g. a sandbox after the miner died, or a container after a host
 * reboot) is started again; a running or paused one is adopted as it is. A machine the runtime lists but the ledger
 * does not know is left alone and reported: it may belong to another miner on the same engine.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private Reconciler() {}

    /** What reconciliation did, for the start-up log line. */
    record Report(int adopted, int restarted, int expired, int vanished, int unknown) {}

    static Report reconcile(Ledger ledger, ContainerRuntime runtime, MinerService service, Instant now) {
        int adopted = 0, restarted = 0, expired = 0, vanished = 0;
        Set<String> known = new HashSet<>();
        for (Allocation a : ledger.live()) {
            known.add(a.id());
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
        int foreign = 0;
        for (String id : runtime.list()) {
            if (known.contains(id)) {
                continue;
            }
            if (ledger.find(id).isPresent()) {
                // Ours and already removed in the ledger: a removal that did not finish before the miner stopped.
                log.info("allocation {} is removed in the ledger but its machine remains; removing it", id);
                runtime.remove(id);
                expired++;
            } else {
                log.warn("{} machine {} is not in this miner's ledger; not touching it", runtime.name(), id);
                foreign++;
            }
        }
        return new Report(adopted, restarted, expired, vanished, foreign);
    }
}
