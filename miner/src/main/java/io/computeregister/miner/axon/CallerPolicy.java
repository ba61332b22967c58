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
 * validator permit on it. Everyone else is answered 403 by the axon.
 *
 * <p>Closed by default: a policy that would let everyone in (neither an allowlist nor a metagraph with validators
 * allowed) cannot be made, because anyone could then rent the machine for free; the operator who wants that says so
 * ({@link #open}, {@code compute miner --open}), and the miner warns at start.
 *
 * <p>COMPAT: the original's filter is inverted (a hotkey <em>not</em> on its whitelist is let straight through,
 * docs/protocol.md §3.2, docs/compatibility.md row 44); ours lets through only what is configured.
 */
public final class CallerPolicy implements BlacklistHook<Synapse>, PriorityHook<Synapse> {

    /** The refusal when no policy is configured; it names every way out. */
    public static final String NO_POLICY = "no caller policy: without one any hotkey could rent this machine for free. "
            + "Give --allow-hotkey SS58 (repeatable) and/or --metagraph static:FILE|subtensor:URL (callers with a "
            + "validator permit), or --open to accept Allocate from any hotkey on purpose";

    private final Set<String> allowHotkeys;
    private final Optional<MetagraphRefresher> metagraph;
    private final boolean allowValidators;
    private final boolean open;

    private CallerPolicy(Set<String> allowHotkeys, Optional<MetagraphRefresher> metagraph, boolean allowValidators,
            boolean open) {
        this.allowHotkeys = Set.copyOf(allowHotkeys);
        this.metagraph = metagraph;
        this.allowValidators = allowValidators;
        this.open = open;
    }

    /**
     * Callers on {@code allowHotkeys}, and (with {@code allowValidators}) hotkeys with a validator permit on the
     * metagraph.
     *
     * @throws IllegalArgumentException ({@link #NO_POLICY}) when that would let nobody be checked: no allowlist, and
     *     no metagraph or validators not allowed
     */
    public static CallerPolicy restricted(Set<String> allowHotkeys, Optional<MetagraphRefresher> metagraph,
            boolean allowValidators) {
        if (allowHotkeys.isEmpty() && (metagraph.isEmpty() || !allowValidators)) {
            throw new IllegalArgumentException(NO_POLICY);
        }
        return new CallerPolicy(allowHotkeys, metagraph, allowValidators, false);
    }

    /**
     * Any caller, as the operator asked explicitly; the metagraph, if any, still orders callers by stake.
     *
     * @throws IllegalArgumentException with a metagraph whose validator check would be ignored
     */
    public static CallerPolicy open(Optional<MetagraphRefresher> metagraph, boolean allowValidators) {
        if (metagraph.isPresent() && allowValidators) {
            throw new IllegalArgumentException("--open accepts any caller; it cannot be combined with --metagraph's "
                    + "validator check (give --no-allow-validators to keep the metagraph for priority only)");
        }
        return new CallerPolicy(Set.of(), metagraph, false, true);
    }

    public boolean isOpen() {
        return open;
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
