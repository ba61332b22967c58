package io.computeregister.api.minerclient;

import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.protocol.allocate.Allocate;
import java.time.Duration;

/**
 * {@link OwnershipProbe} through the dendrite. COMPAT: the original Python miner answers this with "the key matches
 * and the container is running", so a paused container reads as not owned there; reconciliation therefore needs two
 * consecutive "not owned" answers and the health loop counts any answer as "reachable".
 */
public final class DendriteOwnershipProbe implements OwnershipProbe {

    private final Dendrite dendrite;
    private final Duration timeout;

    public DendriteOwnershipProbe(Dendrite dendrite, Duration timeout) {
        this.dendrite = dendrite;
        this.timeout = timeout;
    }

    @Override
    public Answer probe(MinerAddress miner, String regkeyPem) {
        AxonTarget target = miner.axonTarget();
        if (target == null) return new Answer.Unreachable("no valid axon address");
        Allocate request = new Allocate().checking(true).timeline(0).publicKey(regkeyPem);
        DendriteResponse<Allocate> r = dendrite.callBlocking(target, request, timeout);
        if (r == null || !r.isSuccess() || r.synapse() == null || !r.synapse().output().containsKey("status")) {
            return new Answer.Unreachable(r == null ? "no reply" : "dendrite status " + r.statusCode());
        }
        return r.synapse().status() ? new Answer.Owned() : new Answer.NotOwned();
    }
}
