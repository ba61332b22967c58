package io.computeregister.bittensor.dendrite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.synapse.BodyHash;
import io.computeregister.bittensor.synapse.RequestSignature;
import io.computeregister.bittensor.synapse.Synapse;
import io.computeregister.bittensor.synapse.SynapseHeaders;
import io.computeregister.bittensor.synapse.SynapseJson;
import io.computeregister.bittensor.synapse.TerminalInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Calls axons the way Python Bittensor 9.0.0's dendrite does (docs/protocol.md §B1): HTTP/1.1 POST of the
 * whole synapse as JSON to {@code http://ip:port/SynapseName}, with the {@code bt_header_*} headers and an sr25519
 * signature over {@code nonce.dendriteHotkey.axonHotkey.uuid.bodyHash}.
 *
 * <p>Concurrency: one shared {@link HttpClient} does non-blocking I/O; signing and JSON work run on virtual threads;
 * at most {@code maxInFlight} requests are on the wire, the rest wait as queued continuations (no parked thread per
 * call). Every call completes normally with a {@link DendriteResponse}, also on timeout or connection failure.
 *
 * <p>Nonces are wall-clock nanoseconds forced strictly increasing for this dendrite's uuid. An axon rejects a nonce
 * not greater than the last it accepted for (hotkey, uuid), so concurrent calls to the <em>same</em> axon that arrive
 * out of order can reject each other, exactly as with Python; use a second dendrite for a parallel stream, or
 * {@link Builder#uuidPerCall()}: each call then signs with a uuid of its own (docs/protocol.md §B2: the protocol
 * accepts it; the axon keys nonces by hotkey and uuid and forgets a key once its window has passed), so calls to one
 * axon never reject each other, whatever order they arrive in.
 */
public final class Dendrite implements AutoCloseable {
    /** {@code version_as_int} of Bittensor 9.0.0: axons apply the nonce freshness window to versions >= 7.2.0. */
    public static final long BITTENSOR_VERSION = 9_000_000L;

    private final Keypair keypair;
    private final String hotkey;
    private final String uuid = Uuid1.generate();
    private final boolean uuidPerCall;
    private final String externalIp;
    private final InstantSource clock;
    private final int maxResponseBytes;
    private final ObjectMapper mapper = SynapseJson.mapper();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("dendrite-", 0).factory());
    private final ScheduledThreadPoolExecutor timers;
    private final HttpClient http;
    private final InFlightLimit limit;
    private final AtomicLong lastNonce = new AtomicLong();

    private Dendrite(Builder b) {
        this.keypair = b.keypair;
        this.hotkey = b.keypair.ss58Address();
        this.externalIp = b.externalIp;
        this.clock = b.clock;
        this.maxResponseBytes = b.maxResponseBytes;
        this.uuidPerCall = b.uuidPerCall;
        this.limit = new InFlightLimit(b.maxInFlight, b.maxQueued);
        this.timers = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().daemon().name("dendrite-timer").factory());
        this.timers.setRemoveOnCancelPolicy(true);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(workers)
                .build();
    }

    public static Dendrite create(Keypair hotkey) {
        return builder(hotkey).build();
    }

    public static Builder builder(Keypair hotkey) {
        return new Builder(hotkey);
    }

    /** This dendrite's SS58 hotkey. */
    public String hotkey() { return hotkey; }

    /** The uuid1 string sent as {@code bt_header_dendrite_uuid}, fixed for the life of this dendrite. */
    public String uuid() { return uuid; }

    /**
     * Sends {@code synapse} to {@code target}. The synapse is not modified (a snapshot is serialized before this
     * returns' future completes, so do not mutate it concurrently). The future always completes normally.
     */
    public <S extends Synapse> CompletableFuture<DendriteResponse<S>> call(AxonTarget target, S synapse,
                                                                           Duration timeout) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(synapse, "synapse");
        Objects.requireNonNull(timeout, "timeout");
        long startNs = System.nanoTime();
        CompletableFuture<DendriteResponse<S>> result = new CompletableFuture<>();
        // Serialize now, on the caller's thread: the caller may reuse or change its synapse after this returns.
        ObjectNode body;
        try {
            body = mapper.valueToTree(synapse);
        } catch (RuntimeException e) {
            result.complete(failure(new Call<>(target, synapse, null, timeout, startNs), 422,
                    "Failed to serialize synapse: " + e.getMessage()));
            return result;
        }
        Call<S> call = new Call<>(target, synapse, body, timeout, startNs);
        try {
            workers.execute(() -> prepareAndQueue(call, result));
        } catch (RejectedExecutionException e) {
            result.complete(failure(call, 503, "Dendrite is closed"));
        }
        return result;
    }

    /** {@link #call} and wait; never throws for network or axon failures. */
    public <S extends Synapse> DendriteResponse<S> callBlocking(AxonTarget target, S synapse, Duration timeout) {
        return call(target, synapse, timeout).join();
    }

    /** Sends the same synapse to every target at once; the replies come back in target order. */
    public <S extends Synapse> CompletableFuture<List<DendriteResponse<S>>> callAll(List<AxonTarget> targets, S synapse,
                                                                                    Duration timeout) {
        List<CompletableFuture<DendriteResponse<S>>> calls = new ArrayList<>(targets.size());
        for (AxonTarget t : targets) calls.add(call(t, synapse, timeout));
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                .thenApply(done -> calls.stream().map(CompletableFuture::join).toList());
    }

    /** Per-call state: the request as sent and what is needed to answer for it. */
    private static final class Call<S extends Synapse> {
        final AxonTarget target;
        final S original;
        final ObjectNode body;
        final Duration timeout;
        final long startNs;
        final long deadlineNs;
        byte[] bodyBytes;

        Call(AxonTarget target, S original, ObjectNode body, Duration timeout, long startNs) {
            this.target = target;
            this.original = original;
            this.body = body;
            this.timeout = timeout;
            this.startNs = startNs;
            this.deadlineNs = startNs + timeout.toNanos();
        }

        double timeoutSeconds() {
            return timeout.toNanos() / 1e9;
        }
    }

    private <S extends Synapse> void prepareAndQueue(Call<S> call, CompletableFuture<DendriteResponse<S>> result) {
        HttpRequest request;
        try {
            request = prepare(call);
        } catch (RuntimeException e) {
            result.complete(failure(call, 422, "Failed to build request: " + e.getMessage()));
            return;
        }
        boolean accepted = limit.submit(() -> send(call, request, result));
        if (!accepted) result.complete(failure(call, 503, "Dendrite overloaded: too many calls waiting"));
    }

    /** Fills the terminal infos, signs, and builds the HTTP request (Python {@code preprocess_synapse_for_request}). */
    private HttpRequest prepare(Call<?> call) {
        AxonTarget target = call.target;
        Synapse synapse = call.original;
        double timeoutSeconds = call.timeoutSeconds();
        ObjectNode body = call.body;
        body.put("timeout", timeoutSeconds);
        String bodyHash = synapse.requiredHashFields().isEmpty()
                ? BodyHash.EMPTY : BodyHash.of(body, synapse.requiredHashFields());
        long nonce = nextNonce();
        String callUuid = uuidPerCall ? Uuid1.generate() : uuid;
        TerminalInfo dendrite = new TerminalInfo().ip(externalIp).version(BITTENSOR_VERSION).nonce(nonce)
                .uuid(callUuid).hotkey(hotkey);
        dendrite.signature(RequestSignature.sign(keypair,
                RequestSignature.message(nonce, hotkey, target.hotkey(), callUuid, bodyHash)));
        TerminalInfo axon = new TerminalInfo().ip(target.ip()).port(target.port()).hotkey(target.hotkey());
        body.set("dendrite", mapper.valueToTree(dendrite));
        body.set("axon", mapper.valueToTree(axon));
        try {
            call.bodyBytes = mapper.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize synapse " + synapse.name(), e);
        }
        Map<String, String> headers = SynapseHeaders.of(synapse.name(), timeoutSeconds, axon, dendrite,
                synapse.totalSize(), bodyHash);
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint(target, synapse.name()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.bodyBytes));
        headers.forEach(rb::header);
        return rb.timeout(remaining(call)).build();
    }

    private URI endpoint(AxonTarget target, String synapseName) {
        // COMPAT: Python replaces its own external IP by 0.0.0.0 (reach the local axon); loopback does the same here.
        String host = target.ip().equals(externalIp) ? "127.0.0.1" : target.ip();
        if (host.indexOf(':') >= 0) host = "[" + host + "]"; // IPv6 (Python forgets the brackets)
        return URI.create("http://" + host + ":" + target.port() + "/" + synapseName);
    }

    private static Duration remaining(Call<?> call) {
        long ns = call.deadlineNs - System.nanoTime();
        return Duration.ofNanos(Math.max(ns, 1_000_000));
    }

    private <S extends Synapse> void send(Call<S> call, HttpRequest request,
                                          CompletableFuture<DendriteResponse<S>> result) {
        if (System.nanoTime() >= call.deadlineNs) { // waited out its whole timeout in the queue
            limit.release();
            result.complete(timeoutFailure(call));
            return;
        }
        CompletableFuture<HttpResponse<byte[]>> exchange;
        try {
            exchange = http.sendAsync(request, this::boundedBody);
        } catch (RuntimeException e) {
            limit.release();
            result.complete(failure(call, 503, "Service unavailable: " + e.getMessage()));
            return;
        }
        // Backstop: the request timeout covers the wait for headers; this also bounds a slow body.
        ScheduledFuture<?> backstop = timers.schedule(() -> exchange.cancel(true),
                Math.max(call.deadlineNs - System.nanoTime(), 0) + 50_000_000L, TimeUnit.NANOSECONDS);
        exchange.whenCompleteAsync((response, error) -> {
            backstop.cancel(false);
            limit.release();
            DendriteResponse<S> r;
            try {
                r = error == null ? fromHttp(call, response) : fromError(call, error);
            } catch (RuntimeException e) {
                r = failure(call, 422, "Failed to parse response: " + e.getMessage());
            }
            result.complete(r);
        }, workers);
    }

    private HttpResponse.BodySubscriber<byte[]> boundedBody(HttpResponse.ResponseInfo info) {
        long length = info.headers().firstValueAsLong("content-length").orElse(-1);
        if (length > maxResponseBytes) return HttpResponse.BodySubscribers.replacing(null); // discarded, see fromHttp
        return HttpResponse.BodySubscribers.ofByteArray();
    }

    /** Python {@code process_server_response}. */
    private <S extends Synapse> DendriteResponse<S> fromHttp(Call<S> call, HttpResponse<byte[]> response) {
        if (response.body() == null) {
            return failure(call, 422, "Failed to parse response: reply larger than " + maxResponseBytes + " bytes");
        }
        int status = response.statusCode();
        S out;
        if (status == 200) {
            try {
                out = readAs(call, response.body());
            } catch (IOException e) {
                return failure(call, 422, "Failed to parse response: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
            }
        } else {
            out = requestCopy(call);
            out.axon().statusCode(status).statusMessage(errorMessage(response.body()));
        }
        Function<String, String> header = name -> response.headers().firstValue(name).orElse(null);
        try {
            out.axon().mergeNonNull(SynapseHeaders.parseTerminal(SynapseHeaders.AXON_PREFIX, header));
            out.dendrite().mergeNonNull(SynapseHeaders.parseTerminal(SynapseHeaders.DENDRITE_PREFIX, header));
        } catch (SynapseHeaders.MalformedHeaderException e) {
            return failure(call, 422, "Failed to parse response: " + e.getMessage());
        }
        if (out.axon().statusCode() == null) out.axon().statusCode(status);
        String message = out.axon().statusMessage();
        out.dendrite().statusCode(status).statusMessage(message).processTime(elapsedSeconds(call));
        return new DendriteResponse<>(call.target, out, status, message, elapsed(call));
    }

    @SuppressWarnings("unchecked")
    private <S extends Synapse> S readAs(Call<S> call, byte[] json) throws IOException {
        return (S) mapper.readValue(json, call.original.getClass());
    }

    private String errorMessage(byte[] body) {
        try {
            JsonNode n = mapper.readTree(body);
            JsonNode m = n == null ? null : n.get("message");
            return m != null && m.isTextual() ? m.textValue() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Python {@code process_error_message}: client-side failures set the dendrite status only. */
    private <S extends Synapse> DendriteResponse<S> fromError(Call<S> call, Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException || e instanceof CancellationException) {
            return timeoutFailure(call);
        }
        if (e instanceof ConnectException) {
            return failure(call, 503, "Service unavailable at " + call.target.ip() + ":" + call.target.port() + "/"
                    + call.original.name());
        }
        if (e instanceof IOException) {
            return failure(call, 503, "Service disconnected: " + e.getMessage());
        }
        return failure(call, 422, "Failed to parse response: " + e);
    }

    private <S extends Synapse> DendriteResponse<S> timeoutFailure(Call<S> call) {
        return failure(call, 408, "Request timeout after " + call.timeoutSeconds() + " seconds");
    }

    private <S extends Synapse> DendriteResponse<S> failure(Call<S> call, int code, String message) {
        S out = requestCopy(call);
        out.dendrite().statusCode(code).statusMessage(message).processTime(elapsedSeconds(call));
        return new DendriteResponse<>(call.target, out, code, message, elapsed(call));
    }

    /** The request as sent (fields at what the caller set, e.g. an empty output), never the caller's own object. */
    private <S extends Synapse> S requestCopy(Call<S> call) {
        try {
            if (call.bodyBytes != null) return readAs(call, call.bodyBytes);
            if (call.body != null) return readAs(call, mapper.writeValueAsBytes(call.body));
        } catch (IOException | RuntimeException ignored) {
            // fall through to a default instance
        }
        @SuppressWarnings("unchecked")
        S fresh = (S) SynapseHeaders.newInstance(call.original.getClass());
        return fresh;
    }

    private static Duration elapsed(Call<?> call) {
        return Duration.ofNanos(System.nanoTime() - call.startNs);
    }

    private static double elapsedSeconds(Call<?> call) {
        return (System.nanoTime() - call.startNs) / 1e9;
    }

    /** Wall-clock nanoseconds, strictly greater than any nonce this dendrite sent before. */
    long nextNonce() {
        Instant now = clock.instant();
        long wall = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        return lastNonce.updateAndGet(prev -> Math.max(wall, prev + 1));
    }

    /** Stops accepting calls; calls in flight are abandoned. */
    @Override
    public void close() {
        timers.shutdownNow();
        http.shutdownNow();
        workers.shutdownNow();
    }

    public static final class Builder {
        private final Keypair keypair;
        private String externalIp = "0.0.0.0";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private int maxInFlight = 1024;
        private int maxQueued = 100_000;
        private int maxResponseBytes = 16 << 20;
        private InstantSource clock = InstantSource.system();
        private boolean uuidPerCall;

        private Builder(Keypair keypair) {
            this.keypair = Objects.requireNonNull(keypair, "hotkey");
        }

        /**
         * Signs each call with a fresh uuid instead of one per dendrite, so concurrent calls to the same axon (several
         * renters of one miner at once) cannot reject each other's nonces by arriving out of order.
         */
        public Builder uuidPerCall() { this.uuidPerCall = true; return this; }

        /** Our public IP, sent as {@code bt_header_dendrite_ip} (informational: axons use the TCP peer). */
        public Builder externalIp(String ip) { this.externalIp = Objects.requireNonNull(ip, "externalIp"); return this; }

        /** Upper bound on TCP connect time (a call's own timeout still applies). */
        public Builder connectTimeout(Duration d) { this.connectTimeout = Objects.requireNonNull(d); return this; }

        /** Requests on the wire at once; further calls wait in a queue without holding a thread. */
        public Builder maxInFlight(int n) {
            if (n < 1) throw new IllegalArgumentException("maxInFlight must be >= 1, got " + n);
            this.maxInFlight = n;
            return this;
        }

        /** Calls allowed to wait for a slot; beyond it a call is answered at once with 503. */
        public Builder maxQueued(int n) {
            if (n < 0) throw new IllegalArgumentException("maxQueued must be >= 0, got " + n);
            this.maxQueued = n;
            return this;
        }

        /** Replies announcing a larger Content-Length are discarded (status 422). */
        public Builder maxResponseBytes(int n) {
            if (n < 1) throw new IllegalArgumentException("maxResponseBytes must be >= 1, got " + n);
            this.maxResponseBytes = n;
            return this;
        }

        /** Source of nonces (tests). */
        public Builder clock(InstantSource c) { this.clock = Objects.requireNonNull(c); return this; }

        public Dendrite build() {
            return new Dendrite(this);
        }
    }
}
