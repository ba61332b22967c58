package io.computeregister.api.specs;

import io.computeregister.api.store.MinerRecord;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.protocol.specs.Specs;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Specs from the miners themselves: the {@code Specs} synapse to every serving neuron at once through a dendrite,
 * each answer bounded by a timeout, so a round takes about that long at most. {@code specs_output} is the miner's
 * docs/protocol.md §9.10 JSON. Our Java miner answers it; the original Python miner does not attach a handler (its
 * axon answers 404), so such a miner is simply absent from the result and its specs must come from another source.
 */
public final class SpecsSynapse implements SpecsSource {

    public static final String NAME = MinerRecord.OWN_SPECS;
    private static final Logger log = LoggerFactory.getLogger(SpecsSynapse.class);

    private final Dendrite dendrite;
    private final Duration timeout;
    private final Clock clock;

    /**
     * @param dendrite a dendrite of its own (the allocation path uses another, so their nonces never race on one axon)
     * @param timeout  bound on each miner's answer
     */
    public SpecsSynapse(Dendrite dendrite, Duration timeout, Clock clock) {
        this.dendrite = dendrite;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, SpecsReport> read(List<Metagraph.Neuron> neurons) {
        Map<String, SpecsReport> reports = new LinkedHashMap<>();
        try {
            List<Metagraph.Neuron> asked = new ArrayList<>();
            List<CompletableFuture<DendriteResponse<Specs>>> answers = new ArrayList<>();
            for (Metagraph.Neuron n : neurons) {
                if (!n.isServing() || n.port() <= 0) continue; // no axon to ask
                asked.add(n);
                answers.add(dendrite.call(new AxonTarget(n.ip(), n.port(), n.hotkey()), new Specs(), timeout));
            }
            for (int i = 0; i < asked.size(); i++) {
                Metagraph.Neuron n = asked.get(i);
                String specs = specsOf(n, answers.get(i).join()); // bounded: the dendrite completes every call
                if (specs != null) reports.put(n.hotkey(), new SpecsReport(n.hotkey(), specs, NAME, clock.instant()));
            }
        } catch (RuntimeException e) {
            // Not expected (the dendrite reports failures as replies); keep what was read, as the contract asks.
            log.warn("specs source '{}': round stopped after {} answers: {}", NAME, reports.size(), e.toString());
        }
        return reports;
    }

    /** The reply's specs JSON if it is a usable JSON object, else null (logged at debug: absence is the signal). */
    private static String specsOf(Metagraph.Neuron n, DendriteResponse<Specs> reply) {
        if (!reply.isSuccess()) {
            log.debug("miner {} (uid {}) did not answer Specs: {} {}", n.hotkey(), n.uid(), reply.statusCode(),
                    reply.statusMessage());
            return null;
        }
        String text = reply.synapse().specsOutput();
        if (SpecsJson.judge(text) == SpecsJson.OBJECT) return text;
        log.debug("miner {} (uid {}) answered Specs without a JSON object", n.hotkey(), n.uid());
        return null;
    }
}
