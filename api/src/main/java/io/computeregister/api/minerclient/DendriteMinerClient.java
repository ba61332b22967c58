package io.computeregister.api.minerclient;

import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.envelope.AllocationInfo;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The production {@link MinerClient}: one {@code Allocate} synapse per call through the {@link Dendrite}, with the
 * original API's field values (docs/protocol.md §2.3-2.8, §3.2). The dendrite never throws for a network or axon
 * failure; every non-200 reply or missing {@code output.status} maps to {@code Unreachable}, {@code Failed} or
 * {@code NoAnswer}, never to an exception.
 *
 * <p>Timeouts follow docs/protocol.md §3.5, bounded: probe 12 s, allocate 100 s, deallocate and docker actions 60 s (by
 * default; see {@code allocation.AllocationSettings}). Each is a little shorter than the {@link DeadlineMinerClient}'s
 * deadline for the same call so the dendrite's reason ("Request timeout after …") is what reaches the log, not the
 * backstop.
 */
public final class DendriteMinerClient implements MinerClient {

    /** Margin between the dendrite's own timeout and the service's deadline for the same call. */
    private static final Duration MARGIN = Duration.ofMillis(500);

    private final Dendrite dendrite;
    private final Duration probeTimeout;
    private final Duration allocateTimeout;
    private final Duration changeTimeout;

    public DendriteMinerClient(Dendrite dendrite, Duration probeTimeout, Duration allocateTimeout,
                               Duration changeTimeout) {
        this.dendrite = Objects.requireNonNull(dendrite, "dendrite");
        this.probeTimeout = inside(probeTimeout);
        this.allocateTimeout = inside(allocateTimeout);
        this.changeTimeout = inside(changeTimeout);
    }

    @Override
    public ProbeResult probe(MinerAddress miner, DeviceRequirement device, int timelineDays) {
        Allocate request = new Allocate().checking(true).timeline(timelineDays);
        if (device != null) request.device(device);
        DendriteResponse<Allocate> r = send(miner, request, probeTimeout);
        if (!answered(r)) return new ProbeResult.Unreachable(why(r));
        // checking=true, timeline>0: status true = "you may allocate" (docs/protocol.md §3.2); held is our miner's.
        int held = r.synapse().output().get("held") instanceof Number n ? n.intValue() : 0;
        return r.synapse().status() ? new ProbeResult.Available(held) : new ProbeResult.Busy(held);
    }

    @Override
    public AllocateResult allocate(MinerAddress miner, AllocateOrder order) {
        Allocate request = new Allocate().checking(false).timeline(order.timelineDays())
                .device(order.device())
                .docker(order.docker())
                .publicKey(order.publicKeyPem());
        DendriteResponse<Allocate> r = send(miner, request, allocateTimeout);
        if (!answered(r)) return new AllocateResult.Failed(why(r));
        Allocate reply = r.synapse();
        if (!reply.status()) return new AllocateResult.Refused("miner answered status false");
        Object info = reply.output().get("info");
        if (!(info instanceof String cipher)) {
            return new AllocateResult.Failed("miner answered status true without an info string");
        }
        try {
            AllocationInfo credentials = order.decryptInfo(cipher);
            return new AllocateResult.Allocated(credentials, ports(reply.output().get("ports")));
        } catch (IllegalArgumentException e) {
            // The message names what is wrong (never the plaintext); a container may exist, so this is Failed.
            return new AllocateResult.Failed("cannot read output.info: " + e.getMessage());
        }
    }

    /** {@code output.ports} as our miner sends it ({"8888": 42011}); anything else is no ports. */
    private static Map<String, Integer> ports(Object wire) {
        if (!(wire instanceof Map<?, ?> map)) return Map.of();
        Map<String, Integer> out = new java.util.TreeMap<>();
        map.forEach((k, v) -> {
            if (v instanceof Number n && n.intValue() > 0 && n.intValue() <= 65535) out.put(String.valueOf(k), n.intValue());
        });
        return out;
    }

    @Override
    public Confirmation deallocate(MinerAddress miner, String regkeyPem) {
        // timeline <= 0 with checking=false is the miner's deallocate branch; public_key proves ownership
        // (docs/protocol.md §3.4).
        Allocate request = new Allocate().checking(false).timeline(0).publicKey(regkeyPem);
        return confirmation(send(miner, request, changeTimeout));
    }

    /** An action with the smallest timeline that keeps an original miner's W&B {@code allocated} set (1 day). */
    public Confirmation action(MinerAddress miner, String regkeyPem, DockerAction action) {
        return action(miner, regkeyPem, action, 1);
    }

    @Override
    public Confirmation action(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays) {
        // COMPAT (docs/compatibility.md row 15, fixed): the original sent timeline=0 for restart/pause/unpause (1 for
        // exchange_key), and an original miner's update_allocation then published allocated=null to W&B after the
        // confirmed action (docs/protocol.md §3.2). Every action carries the allocation's remaining timeline instead,
        // never less than 1; the miner's dispatch looks at docker_change before timeline, so the action is the same.
        Allocate request = new Allocate().checking(false).timeline(Math.max(1, timelineDays)).dockerChange(true)
                .dockerAction(action.toWire()).publicKey(regkeyPem);
        return confirmation(send(miner, request, changeTimeout));
    }

    @Override
    public ActionOutput actionOutput(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays) {
        Allocate request = new Allocate().checking(false).timeline(Math.max(1, timelineDays)).dockerChange(true)
                .dockerAction(action.toWire()).publicKey(regkeyPem);
        DendriteResponse<Allocate> r = send(miner, request, changeTimeout);
        if (!answered(r)) return new ActionOutput.NoAnswer(why(r));
        Map<String, Object> output = r.synapse().output();
        if (output == null || !output.containsKey("status")) return new ActionOutput.NotSupported();
        return Boolean.TRUE.equals(output.get("status")) ? new ActionOutput.Done(Map.copyOf(output))
                : new ActionOutput.Refused();
    }

    /** The reply, or null when the address is one no axon can have. */
    private DendriteResponse<Allocate> send(MinerAddress miner, Allocate request, Duration timeout) {
        AxonTarget target = miner.axonTarget();
        return target == null ? null : dendrite.callBlocking(target, request, timeout);
    }

    private static Confirmation confirmation(DendriteResponse<Allocate> r) {
        if (!answered(r)) return new Confirmation.NoAnswer(why(r));
        return r.synapse().status() ? new Confirmation.Confirmed() : new Confirmation.Denied();
    }

    private static boolean answered(DendriteResponse<Allocate> r) {
        return r != null && r.isSuccess() && r.synapse() != null;
    }

    private static String why(DendriteResponse<Allocate> r) {
        if (r == null) return "no valid axon address";
        String message = r.statusMessage() == null ? "" : ": " + r.statusMessage();
        return "dendrite status " + r.statusCode() + message;
    }

    private static Duration inside(Duration serviceDeadline) {
        Duration d = serviceDeadline.minus(MARGIN);
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? serviceDeadline : d;
    }
}
