package io.computeregister.miner.axon;

import io.computeregister.bittensor.axon.BlacklistHook;
import io.computeregister.bittensor.axon.PriorityHook;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphRefresher;
import io.computeregister.bittensor.synapse.Synapse;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the miner: a hotkey on the allowlist, or (with a metagraph and {@code allowValidators}) a hotkey with a
 * validator permit on it. Everyone else is answered 403 by the axon. With neither an allowlist nor a metagraph the
 * miner is open to all ({@link #isOpen()}; the miner warns at start).
 *
 * <p>COMPAT: the original's filter is inverted (a hotkey <em>not</em> on its whitelist is let straight through,
 * docs/protocol.md §3.2, docs/compatibility.md row 44); ours lets through only what is configured.
 */
public final class CallerPolicy implements BlacklistHook<Synapse>, PriorityHook<Synapse> {

    private final Set<String> allowHotkeys;
    private final Optional<MetagraphRefresher> metagraph;
    private final boolean allowValidators;

    public CallerPolicy(Set<String> allowHotkeys, Optional<MetagraphRefresher> metagraph, boolean allowValidators) {
        this.allowHotkeys = Set.copyOf(allowHotkeys);
        this.metagraph = metagraph;
        this.allowValidators = allowValidators;
    }

    public boolean isOpen() {
        return allowHotkeys.isEmpty() && (metagraph.isEmpty() || !allowValidators);
    }

    @Override
    public Verdict check(Synapse request) {
        String hotkey = request.dendrite().hotkey();
        if (isOpen()) {
            return Verdict.allow("open miner");
        }
        if (hotkey != null && allowHotkeys.contains(hotkey)) {
            return Verdict.allow("allowlisted hotkey");
        }
        if (allowValidators && metagraph.isPresent() && hotkey != null) {
            Optional<Metagraph.Neuron> neuron = metagraph.get().byHotkey(hotkey);
            if (neuron.isPresent() && neuron.get().validatorPermit()) {
                return Verdict.allow("validator permit on uid " + neuron.get().uid());
            }
            return Verdict.block(neuron.isEmpty() ? "hotkey is not registered on the subnet"
                    : "hotkey has no validator permit");
        }
        return Verdict.block("hotkey is not on the allowlist");
    }

    /** The original's priority: caller stake (+3 so that every caller ranks above 0). */
    @Override
    public double priority(Synapse request) {
        String hotkey = request.dendrite().hotkey();
        return 3.0 + metagraph.flatMap(m -> hotkey == null ? Optional.empty() : m.byHotkey(hotkey))
                .map(Metagraph.Neuron::stake).orElse(0.0);
    }
}
