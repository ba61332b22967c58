package io.computeregister.miner.axon;

import io.computeregister.bittensor.axon.PendingReply;
import io.computeregister.miner.MinerService;
import io.computeregister.miner.allocation.Admission;
import io.computeregister.protocol.allocate.Allocate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code Allocate} with the original's dispatch table (docs/protocol.md §3.2):
 *
 * <pre>
 * checking  docker_change  timeline   action                          output
 * true      any            > 0        probe: does the request fit?    {"status", "port", "held"}
 * true      any            <= 0       does public_key own one?        {"status", "port"}
 * false     true           any        docker_action on its owner's    {"status", "port"}
 * false     false          > 0        allocate                        {"status", "info", "port"} / {"status", "port"}
 * false     false          <= 0       deallocate its owner's          {"status", "port"}
 * </pre>
 *
 * COMPAT: {@code output.port} is the owner's allocation's SSH port, or the first port of the range when the caller
 * owns none (the original always sent its one {@code --ssh.port}). Any unexpected error is answered
 * {"status": false}, logged once, never passed on to the caller.
 *
 * <p>COMPAT (our extension, docs/protocol.md §3.2): the probe's {@code status} says whether
 * {@code device_requirement} fits beside the live allocations now (an empty requirement: whether one more allocation
 * could be admitted at all), and {@code held} is the number of live allocations the calling hotkey holds here; never
 * whose others are, never more. The original answered "is my one container running?", which says nothing about a
 * miner that rents several.
 *
 * <p>An allocation that is ready only after the axon answered its caller 408 is removed again: the caller never saw
 * its credentials ({@link PendingReply}, {@link MinerService#allocate}).
 *
 * <p>After a successful change the {@link AllocationListener} is told, as the original's {@code update_allocation}
 * sets W&amp;B {@code config.allocated}: to the caller when {@code timeline > 0} (allocate, docker actions), cleared on
 * a deallocation. COMPAT: a docker action with {@code timeline <= 0} leaves it alone (the original cleared it,
 * docs/compatibility.md row 15).
 */
public final class AllocateHandler {

    private static final Logger log = LoggerFactory.getLogger(AllocateHandler.class);
    /** The probe's count of the caller's live allocations here: our extension of {@code output}. */
    private static final String HELD = "held";

    private final MinerService service;
    private final AllocationListener listener;

    public AllocateHandler(MinerService service) {
        this(service, AllocationListener.NONE);
    }

    public AllocateHandler(MinerService service, AllocationListener listener) {
        this.service = service;
        this.listener = listener;
    }

    public Allocate handle(Allocate request, PendingReply reply) {
        String caller = request.dendrite().hotkey();
        MinerService.Outcome outcome;
        try {
            outcome = dispatch(request, caller, reply);
        } catch (IllegalArgumentException e) {
            // A malformed field: the message names it.
            outcome = new MinerService.Outcome(false, service.reportedPort(request.publicKey()), null, e.getMessage());
        } catch (RuntimeException e) {
            log.error("Allocate from {} failed unexpectedly", caller, e);
            outcome = new MinerService.Outcome(false, safePort(request), null, "internal error");
        }
        log.info("Allocate from {} (checking={} docker_change={} timeline={} action={}): status={} ({})", caller,
                request.checking(), request.dockerChange(), request.timeline(), request.action().action(),
                outcome.status(), outcome.reason());
        tell(request, caller, outcome);
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", outcome.status());
        if (outcome.info() != null) {
            output.put("info", outcome.info());
        }
        output.put("port", outcome.port());
        output.putAll(outcome.extra());
        if (request.checking() && request.timeline() > 0) {
            output.put(HELD, service.heldBy(caller));
        }
        return request.output(output);
    }

    private MinerService.Outcome dispatch(Allocate r, String caller, PendingReply reply) {
        if (r.checking()) {
            if (r.timeline() > 0) {
                Admission admission = service.probe(r.device());
                return new MinerService.Outcome(admission.fits(), service.reportedPort(r.publicKey()), null,
                        admission.reason());
            }
            boolean owns = service.ownedBy(r.publicKey()).isPresent();
            return new MinerService.Outcome(owns, service.reportedPort(r.publicKey()), null,
                    owns ? "owns a live allocation" : "owns no live allocation");
        }
        if (r.dockerChange()) {
            return service.act(r.publicKey(), r.action());
        }
        if (r.timeline() > 0) {
            return service.allocate(r.publicKey(), r.timeline(), r.device(), r.docker(), caller, reply::claim);
        }
        return service.deallocate(r.publicKey());
    }

    private void tell(Allocate r, String caller, MinerService.Outcome outcome) {
        if (r.checking() || !outcome.status()) return;
        try {
            if (r.timeline() > 0) {
                listener.allocated(caller);
            } else if (!r.dockerChange()) {
                listener.deallocated(caller);
            }
        } catch (RuntimeException e) {
            log.warn("allocation listener failed after Allocate from {}: {}", caller, e.toString());
        }
    }

    private int safePort(Allocate r) {
        try {
            return service.reportedPort(r.publicKey());
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
