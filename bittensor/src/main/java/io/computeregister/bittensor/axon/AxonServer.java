package io.computeregister.bittensor.axon;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.synapse.Synapse;
import io.javalin.Javalin;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Serves attached synapse handlers to Python Bittensor 9.0.0 dendrites (and ours), on {@code POST|GET /SynapseName},
 * with the reference axon's checks, order and status codes (docs/protocol.md §B1.6, see {@link AxonRequestPipeline})
 * and a replay protection that holds across restarts ({@link NonceLedger}, {@link NonceStore}).
 *
 * <p>Why Javalin/Jetty rather than the JDK HttpServer: the JDK server rewrites response header names
 * ("bt_header_axon_status_code" becomes "Bt_header_axon_status_code"), and Python's {@code Synapse.from_headers}
 * matches header names case-sensitively, so a Python dendrite would lose the axon status headers. Jetty sends names
 * as given. Every Jetty thread is virtual ({@link VirtualThreadPool}, bounded), so a slow handler parks cheaply.
 *
 * <pre>{@code
 * AxonServer axon = AxonServer.builder(hotkey).port(8091).build()
 *         .attach(Allocate.class, allocator::handle, blacklist, priority)
 *         .start();
 * }</pre>
 */
public final class AxonServer implements AutoCloseable {
    private final Keypair hotkey;
    private final Builder config;
    private final Map<String, Route<?>> routes = new ConcurrentHashMap<>();
    private final String uuid = UUID.randomUUID().toString();
    private final NonceLedger nonces;
    private final AxonRequestPipeline pipeline;
    private Javalin app;
    private boolean stopped;

    private AxonServer(Builder b) {
        this.hotkey = b.hotkey;
        this.config = b;
        this.nonces = new NonceLedger(b.nonceStore, NonceLedger.epochNanos(b.clock));
        this.pipeline = new AxonRequestPipeline(hotkey.ss58Address(), uuid, routes, nonces,
                new PriorityGate(b.maxConcurrentHandlers), b.maxHandlerTimeout, b.clock);
    }

    public static Builder builder(Keypair hotkey) {
        return new Builder(hotkey);
    }

    /** Serves {@code type} with no blacklist and first-come-first-served order. */
    public <S extends Synapse> AxonServer attach(Class<S> type, Function<S, S> handler) {
        return attach(type, handler, BlacklistHook.ALLOW_ALL, PriorityHook.FIFO);
    }

    /**
     * Serves {@code type} on {@code /<simple class name>}. The handler gets the synapse parsed from the body, whose
     * {@code dendrite()} holds the verified caller (hotkey, nonce, uuid) and its TCP address; it returns the reply
     * (often the same object with its output fields set). It may run past the caller's timeout: the caller then gets
     * 408, and the handler is left to finish (not interrupted), so it never stops half-way.
     */
    public <S extends Synapse> AxonServer attach(Class<S> type, Function<S, S> handler,
                                                 BlacklistHook<? super S> blacklist, PriorityHook<? super S> priority) {
        Objects.requireNonNull(handler, "handler");
        return attach(type, (SynapseHandler<S>) (request, reply) -> handler.apply(request), blacklist, priority);
    }

    /**
     * As above, for a handler that must know whether its caller still waits: it {@link PendingReply#claim claims}
     * the reply before returning a result that must not be lost, and undoes its work when the caller is gone.
     */
    public <S extends Synapse> AxonServer attach(Class<S> type, SynapseHandler<S> handler,
                                                 BlacklistHook<? super S> blacklist, PriorityHook<? super S> priority) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(blacklist, "blacklist");
        Objects.requireNonNull(priority, "priority");
        String name = io.computeregister.bittensor.synapse.SynapseHeaders.newInstance(type).synapseName();
        if (routes.putIfAbsent(name, new Route<>(type, handler, blacklist, priority)) != null) {
            throw new IllegalStateException("a handler for synapse " + name + " is already attached");
        }
        return this;
    }

    public synchronized AxonServer start() {
        if (app != null) throw new IllegalStateException("axon already started");
        if (stopped) throw new IllegalStateException("axon stopped (its nonce store is closed): build a new one");
        VirtualThreadPool threads = new VirtualThreadPool(config.maxThreads);
        threads.setName("axon-" + config.port);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.threadPool = threads;
            cfg.http.maxRequestSize = config.maxBodyBytes;
            cfg.routes.post("/{synapse}", pipeline::handle);
            cfg.routes.get("/{synapse}", pipeline::handle);
        });
        app.start(config.host, config.port);
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        if (app == null) throw new IllegalStateException("axon not started");
        return app.port();
    }

    /** Our hotkey's SS58 address: callers sign requests to it. */
    public String hotkey() {
        return hotkey.ss58Address();
    }

    /**
     * Stops taking requests (new ones get 503), waits up to {@code grace} for handlers in progress, then closes the
     * listener and the nonce store.
     */
    public synchronized void stop(Duration grace) {
        if (stopped) return;
        stopped = true;
        if (app != null) {
            pipeline.drain(grace);
            app.stop();
            app = null;
        }
        nonces.close();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    public static final class Builder {
        private final Keypair hotkey;
        private String host = "0.0.0.0";
        private int port = 8091;
        private int maxConcurrentHandlers = 64;
        private int maxThreads = 4096;
        private int maxBodyBytes = 4 << 20;
        private Duration maxHandlerTimeout = Duration.ofMinutes(5);
        private InstantSource clock = InstantSource.system();
        private NonceStore nonceStore = NonceStore.MEMORY_ONLY;

        private Builder(Keypair hotkey) {
            this.hotkey = Objects.requireNonNull(hotkey, "hotkey");
        }

        public Builder host(String host) { this.host = Objects.requireNonNull(host, "host"); return this; }

        /** 0 picks a free port. Python's default is 8091. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("axon port must be 0..65535, got " + port);
            this.port = port;
            return this;
        }

        /** Handlers running at once; further verified requests wait in priority order. */
        public Builder maxConcurrentHandlers(int n) {
            if (n < 1) throw new IllegalArgumentException("maxConcurrentHandlers must be >= 1, got " + n);
            this.maxConcurrentHandlers = n;
            return this;
        }

        /** Concurrent requests (virtual threads) the server accepts, rejected ones wait in Jetty's queue. */
        public Builder maxThreads(int n) {
            if (n < 8) throw new IllegalArgumentException("maxThreads must be >= 8, got " + n);
            this.maxThreads = n;
            return this;
        }

        /** Larger request bodies are answered 413 (Python has no limit). */
        public Builder maxBodyBytes(int n) {
            if (n < 1024) throw new IllegalArgumentException("maxBodyBytes must be >= 1024, got " + n);
            this.maxBodyBytes = n;
            return this;
        }

        /** Upper bound on the caller-chosen timeout a handler gets before the caller is answered 408. */
        public Builder maxHandlerTimeout(Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("maxHandlerTimeout must be > 0");
            this.maxHandlerTimeout = d;
            return this;
        }

        /** Clock for nonce freshness (tests). */
        public Builder clock(InstantSource c) { this.clock = Objects.requireNonNull(c); return this; }

        /**
         * Where accepted nonces are kept, so that a restarted axon refuses replays of requests it took before, e.g.
         * {@code NonceFile.open(dataDir.resolve("axon-nonces"))}. Default {@link NonceStore#MEMORY_ONLY}, as Python.
         * The axon closes it when stopped.
         */
        public Builder nonceStore(NonceStore store) { this.nonceStore = Objects.requireNonNull(store); return this; }

        public AxonServer build() {
            return new AxonServer(this);
        }
    }
}
