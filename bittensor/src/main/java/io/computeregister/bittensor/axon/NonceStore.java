package io.computeregister.bittensor.axon;

import java.util.Map;

/**
 * Where an axon keeps the last nonce it accepted per caller ({@code hotkey:uuid}), so that a restarted axon still
 * refuses a replay of a request it accepted before the restart. The replay rules themselves are the axon's; a store
 * only remembers. Given to {@link AxonServer.Builder#nonceStore}, which closes it when the axon stops.
 */
public interface NonceStore extends AutoCloseable {

    /**
     * Nothing persisted, as the Python axon: after a restart only the freshness window (at most 16 s) stands between
     * an old request and a replay of it.
     */
    NonceStore MEMORY_ONLY = new NonceStore() {
        @Override public Map<String, Long> load() { return Map.of(); }
        @Override public void record(String key, long nonce) {}
    };

    /** Every key's last recorded nonce, read once when the axon is built. */
    Map<String, Long> load();

    /**
     * Records that {@code nonce} was accepted for {@code key}. Called before the request's handler runs; once it
     * returns, a restarted process must see the record. If it throws, the request is refused (500).
     */
    void record(String key, long nonce);

    /** Nonces below {@code oldestUseful} are refused by the freshness window anyway: the store may forget them. */
    default void prune(long oldestUseful) {}

    @Override
    default void close() {}
}
