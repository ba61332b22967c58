package io.computeregister.bittensor.subtensor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a current {@link Metagraph} by reloading it from a {@link MetagraphSource} at a fixed delay (RegisterAPI syncs
 * every 600 s) on one named daemon thread. A failed refresh keeps the last good metagraph and logs one WARN saying so;
 * readers always see a complete snapshot, never a half-updated one, because the whole state is one immutable value
 * swapped atomically.
 */
public final class MetagraphRefresher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetagraphRefresher.class);
    static final String THREAD_NAME = "metagraph-refresh";

    private final MetagraphSource source;
    private final Duration period;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(State.EMPTY);
    private final Object refreshLock = new Object();
    private ScheduledExecutorService scheduler;

    /**
     * What the refresher knows: the last good metagraph and when it was loaded, and the last failure if the most
     * recent attempt failed (null after a success).
     */
    private record State(Metagraph metagraph, Instant lastSuccess, String lastError, Instant lastErrorAt) {
        static final State EMPTY = new State(null, null, null, null);
    }

    /**
     * For health output.
     *
     * @param ok a metagraph is loaded and the latest refresh succeeded
     * @param n neurons in the current metagraph (0 when none is loaded)
     * @param block its block, {@link Metagraph#UNKNOWN_BLOCK} when unknown or none is loaded
     * @param lastSuccess when the current metagraph was loaded, null if never
     * @param age time since {@code lastSuccess}, null if never
     * @param lastError why the latest refresh failed, null if it succeeded
     */
    public record Health(
            String source, boolean ok, int n, long block, Instant lastSuccess, Duration age, String lastError) {}

    public MetagraphRefresher(MetagraphSource source, Duration period) {
        this(source, period, Clock.systemUTC());
    }

    public MetagraphRefresher(MetagraphSource source, Duration period, Clock clock) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("metagraph refresh period must be positive, got " + period);
        }
        this.source = source;
        this.period = period;
        this.clock = clock;
    }

    /** Starts refreshing now and then every period after the previous refresh ended. Calling it twice is an error. */
    public synchronized MetagraphRefresher start() {
        if (scheduler != null) {
            throw new IllegalStateException("metagraph refresher already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, THREAD_NAME);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(new RefreshTask(), 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Loads once, now, on the calling thread (e.g. to fail fast at startup). Refreshes never overlap.
     *
     * @return whether the load succeeded
     */
    public boolean refreshNow() {
        synchronized (refreshLock) {
            try {
                Metagraph m = source.load();
                state.set(new State(m, clock.instant(), null, null));
                LOG.debug("metagraph from {} refreshed: {}", source.describe(), m);
                return true;
            } catch (Exception e) {
                // Catch-all: any failure, including a bug in a source, must leave the last good metagraph in place.
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                State before = state.get();
                state.set(new State(before.metagraph(), before.lastSuccess(), why, clock.instant()));
                if (before.metagraph() == null) {
                    LOG.warn("metagraph refresh from {} failed: {}; no metagraph loaded yet", source.describe(), why);
                } else {
                    LOG.warn("metagraph refresh from {} failed: {}; keeping the metagraph loaded at {} ({}, {} s old)",
                            source.describe(), why, before.lastSuccess(), before.metagraph(),
                            Duration.between(before.lastSuccess(), clock.instant()).toSeconds());
                }
                LOG.debug("metagraph refresh failure detail", e);
                return false;
            }
        }
    }

    public Optional<Metagraph> current() {
        return Optional.ofNullable(state.get().metagraph());
    }

    public Optional<Metagraph.Neuron> byHotkey(String hotkeySs58) {
        return current().flatMap(m -> m.neuronByHotkey(hotkeySs58));
    }

    public Optional<Metagraph.Neuron> byUid(int uid) {
        return current().flatMap(m -> m.neuron(uid));
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(state.get().lastSuccess());
    }

    /** Why the latest refresh failed; empty when it succeeded or none ran yet. */
    public Optional<String> lastError() {
        return Optional.ofNullable(state.get().lastError());
    }

    /** Time since the current metagraph was loaded; empty when none is loaded. */
    public Optional<Duration> age() {
        return lastSuccess().map(t -> Duration.between(t, clock.instant()));
    }

    public Health health() {
        State s = state.get();
        Metagraph m = s.metagraph();
        return new Health(
                source.describe(),
                m != null && s.lastError() == null,
                m == null ? 0 : m.n(),
                m == null ? Metagraph.UNKNOWN_BLOCK : m.block(),
                s.lastSuccess(),
                s.lastSuccess() == null ? null : Duration.between(s.lastSuccess(), clock.instant()),
                s.lastError());
    }

    /** Stops the refresh thread; an in-flight load is interrupted. The last metagraph stays readable. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private final class RefreshTask implements Runnable {
        @Override
        public void run() {
            try {
                refreshNow();
            } catch (Throwable t) {
                // An exception escaping here would silently cancel every later refresh.
                LOG.error("unexpected error in the metagraph refresh task; will retry in {}", period, t);
            }
        }
    }
}
