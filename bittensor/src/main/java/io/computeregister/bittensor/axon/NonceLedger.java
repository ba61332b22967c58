package io.computeregister.bittensor.axon;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replay protection of Python 9.0.0's {@code default_verify} (bt9 {@code axon.py:923-983}), closed by default: per
 * {@code hotkey:uuid}, each nonce must be strictly greater than the last accepted one, and the first nonce seen for a
 * key must be fresher than {@code now - 4 s - timeout}. Three differences (docs/compatibility.md, "axon: nonce
 * window"):
 * <ul>
 *   <li>The freshness window applies whatever version the caller claims. Python skips it below 7.2.0, so a request
 *       claiming 6.x (whose nonces were monotonic clocks, not wall time) could be replayed to any axon that had not
 *       seen its key; the claim is an unsigned header.</li>
 *   <li>The timeout header widens the window by at most {@link #MAX_TIMEOUT_WIDENING_NS}. Python adds it unbounded,
 *       and the header is not signed either.</li>
 *   <li>Accepted nonces go to a {@link NonceStore} before the handler runs, so a restarted axon (same store) still
 *       refuses them. Python keeps them in memory only.</li>
 * </ul>
 *
 * <p>Entries are evicted once they can no longer matter: when a key's last nonce is older than the widest window,
 * any replay of it fails the freshness rule anyway. That is also why the store may forget them ({@link
 * NonceStore#prune}).
 */
final class NonceLedger {
    /** Python {@code ALLOWED_DELTA} ({@code bittensor/utils/axon_utils.py:3-22}). */
    static final long ALLOWED_DELTA_NS = 4_000_000_000L;
    /**
     * At most this much of the caller's timeout widens the window: 12 s, the Python dendrite's default timeout (bt9
     * {@code dendrite.py:403}), so a Python caller with default settings gets exactly Python's window (16 s). A longer
     * call needs no wider window: the nonce is taken when the request is sent, so the window only has to cover clock
     * skew and transit, not the time the handler runs.
     */
    static final long MAX_TIMEOUT_WIDENING_NS = 12_000_000_000L;
    /** The widest window any request gets; a nonce older than this is refused whatever its key's history. */
    static final long MAX_WINDOW_NS = ALLOWED_DELTA_NS + MAX_TIMEOUT_WIDENING_NS;
    private static final long SWEEP_EVERY_NS = 60_000_000_000L;
    /** Above this many keys (a flood of fresh uuids) sweeps run every second instead of every minute. */
    private static final int SWEEP_ABOVE = 50_000;
    private static final long FLOOD_SWEEP_EVERY_NS = 1_000_000_000L;

    private final ConcurrentHashMap<String, Long> last = new ConcurrentHashMap<>();
    private final NonceStore store;
    private final AtomicLong lastSweepNs;

    NonceLedger(NonceStore store, long nowNs) {
        this.store = store;
        this.last.putAll(store.load());
        this.lastSweepNs = new AtomicLong(nowNs);
        sweep(nowNs);
    }

    /** Why {@code nonce} would be refused now, in Python's words, or null if it is acceptable. */
    String problem(String key, long nonce, double timeoutSeconds, long nowNs) {
        return problem(last.get(key), nonce, timeoutSeconds, nowNs);
    }

    /**
     * Atomically re-checks and records {@code nonce} as the newest for {@code key} (called after the signature
     * verified), then persists it. Returns null on success, else the reason it lost a race to a newer nonce.
     * A store failure propagates: the nonce is then spent in memory but the request is refused.
     */
    String accept(String key, long nonce, double timeoutSeconds, long nowNs) {
        String[] refused = new String[1];
        last.compute(key, (k, prev) -> {
            refused[0] = problem(prev, nonce, timeoutSeconds, nowNs);
            return refused[0] != null ? prev : Long.valueOf(nonce);
        });
        if (refused[0] != null) return refused[0];
        // Outside compute(): a store write is I/O. A crash before it returns is before the handler ran, so the
        // request had no effect and taking it once more after the restart is no replay.
        store.record(key, nonce);
        maybeSweep(nowNs);
        return null;
    }

    /** Wall-clock nanoseconds since the epoch, the unit of Bittensor nonces. */
    static long epochNanos(InstantSource clock) {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    void close() {
        store.close();
    }

    private static String problem(Long prev, long nonce, double timeoutSeconds, long nowNs) {
        if (prev == null) {
            long windowNs = ALLOWED_DELTA_NS + timeoutWideningNs(timeoutSeconds);
            if (nonce <= nowNs - windowNs) {
                return String.format(Locale.ROOT,
                        "Nonce is too old: acceptable delta is %.2f seconds but request was %.2f seconds old",
                        windowNs / 1e9, (nowNs - nonce) / 1e9);
            }
        } else if (nonce <= prev) {
            return "Nonce is too old, a newer one was last processed";
        }
        return null;
    }

    private static long timeoutWideningNs(double timeoutSeconds) {
        if (Double.isNaN(timeoutSeconds) || timeoutSeconds <= 0) return 0;
        return (long) Math.min(timeoutSeconds * 1e9, (double) MAX_TIMEOUT_WIDENING_NS);
    }

    private void maybeSweep(long nowNs) {
        long previous = lastSweepNs.get();
        long every = last.size() > SWEEP_ABOVE ? FLOOD_SWEEP_EVERY_NS : SWEEP_EVERY_NS;
        if (nowNs - previous >= every && lastSweepNs.compareAndSet(previous, nowNs)) sweep(nowNs);
    }

    /** Drops keys whose last nonce is older than any window: replaying them fails the freshness rule anyway. */
    private void sweep(long nowNs) {
        long oldestUseful = nowNs - MAX_WINDOW_NS;
        // removeIf on a ConcurrentHashMap view removes an entry only if it still holds the value tested
        last.entrySet().removeIf(e -> e.getValue() < oldestUseful);
        store.prune(oldestUseful);
    }
}
