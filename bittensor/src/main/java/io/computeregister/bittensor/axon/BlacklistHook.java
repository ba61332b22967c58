package io.computeregister.bittensor.axon;

import io.computeregister.bittensor.synapse.Synapse;

/**
 * Decides, before the signature is checked, whether a caller may use a synapse (Python {@code blacklist_fn}). It sees
 * the synapse as built from the request headers: {@code dendrite().hotkey()} is the claimed caller (not yet
 * verified), {@code dendrite().ip()} the TCP peer; body fields are still at their defaults.
 */
@FunctionalInterface
public interface BlacklistHook<S extends Synapse> {
    /** Lets everyone through. */
    BlacklistHook<Synapse> ALLOW_ALL = request -> Verdict.allow("no blacklist");

    Verdict check(S request);

    /** Python's {@code (blacklisted, reason)} tuple. A blocked call is answered 403 with the reason. */
    record Verdict(boolean blacklisted, String reason) {
        public static Verdict allow(String reason) { return new Verdict(false, reason); }

        public static Verdict block(String reason) { return new Verdict(true, reason); }
    }
}
