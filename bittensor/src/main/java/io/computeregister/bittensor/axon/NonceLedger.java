package io.computeregister.bittensor.axon;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Replay protection of Python 9.0.0's {@code default_verify}: per {@code hotkey:uuid}, each nonce must be strictly
 * greater than the last accepted one, and for dendrites >= 7.2.0 the first nonce seen must be fresher than
 * {@code now - 4 s - timeout}. In memory, like Python, so a restart forgets it (the freshness window still stops old
 * replays).
 *
 * <p>Unlike Python, entries are evicted when they can no longer matter: once a key's last nonce is older than the
 * widest window, any replay of it fails the freshness rule anyway. That only holds if the window is bounded, so the
 * caller-supplied timeout counts for at most {@link #MAX_WINDOW_TIMEOUT_NS} (Python lets an unsigned header widen it
 * without limit).
 */
final class NonceLedger {
    /** Python {@code ALLOWED_DELTA}. */
    static final long ALLOWED_DELTA_NS = 4_000_000_000L;
    /** {@code version_as_int} of 7.2.0, from which the freshness window applies. */
    static final long V_7_2_0 = 7_002_000L;
    static final long MAX_WINDOW_TIMEOUT_NS = 3_600_000_000_000L;
    private static final int SWEEP_ABOVE = 50_000;

    private record Entry(long nonce, boolean windowed) {}

    private final ConcurrentHashMap<String, Entry> last = new ConcurrentHashMap<>();

    /** Why {@code nonce} would be refused now, in Python's words, or null if it is acceptable. */
    String problem(String key, long nonce, Long version, double timeoutSeconds, long nowNs) {
        Entry prev = last.get(key);
        return problem(prev, nonce, version, timeoutSeconds, nowNs);
    }

    /**
     * Atomically re-checks and records {@code nonce} as the newest for {@code key} (called after the signature
     * verified). Returns null on success, else the reason it lost a race to a newer nonce.
     */
    String accept(String key, long nonce, Long version, double timeoutSeconds, long nowNs) {
        String[] refused = new String[1];
        last.compute(key, (k, prev) -> {
            refused[0] = problem(prev, nonce, version, timeoutSeconds, nowNs);
            return refused[0] != null ? prev : new Entry(nonce, windowed(version));
        });
        if (refused[0] == null && last.size() > SWEEP_ABOVE) sweep(nowNs);
        return refused[0];
    }

    int size() {
        return last.size();
    }

    private static boolean windowed(Long version) {
        return version != null && version >= V_7_2_0;
    }

    private static String problem(Entry prev, long nonce, Long version, double timeoutSeconds, long nowNs) {
        if (windowed(version) && prev == null) {
            long timeoutNs = (long) Math.min(Math.max(timeoutSeconds, 0) * 1e9, MAX_WINDOW_TIMEOUT_NS);
            if (Double.isNaN(timeoutSeconds)) timeoutNs = 0;
            long oldestAllowed = nowNs - ALLOWED_DELTA_NS - timeoutNs;
            if (nonce <= oldestAllowed) {
                return String.format(java.util.Locale.ROOT,
                        "Nonce is too old: acceptable delta is %.2f seconds but request was %.2f seconds old",
                        (ALLOWED_DELTA_NS + timeoutNs) / 1e9, (nowNs - nonce) / 1e9);
            }
        }
        if (prev != null && nonce <= prev.nonce) return "Nonce is too old, a newer one was last processed";
        return null;
    }

    /** Drops windowed keys whose last nonce is older than any window: replaying them fails freshness anyway. */
    private void sweep(long nowNs) {
        long horizon = nowNs - ALLOWED_DELTA_NS - MAX_WINDOW_TIMEOUT_NS;
        last.entrySet().removeIf(e -> e.getValue().windowed() && e.getValue().nonce() < horizon);
    }
}
