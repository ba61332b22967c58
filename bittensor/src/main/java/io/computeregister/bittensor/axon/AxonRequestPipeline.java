package io.computeregister.bittensor.axon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.synapse.BodyHash;
import io.computeregister.bittensor.synapse.RequestSignature;
import io.computeregister.bittensor.synapse.Synapse;
import io.computeregister.bittensor.synapse.SynapseHeaders;
import io.computeregister.bittensor.synapse.SynapseJson;
import io.computeregister.bittensor.synapse.TerminalInfo;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request through the axon, in the order of Python 9.0.0's {@code AxonMiddleware.dispatch} (axon.py:1112-1460)
 * and its route dependency:
 * <pre>
 *  path -> route ........ unknown synapse           404
 *  headers -> synapse ... unparseable number        400
 *  blacklist hook ....... blocked                   403 "Forbidden. Key is blacklisted: {reason}."
 *  verify ............... nonce / signature         401 "Not Verified with error: {reason}"
 *  priority gate ........ waited past timeout       408
 *  body ................. too large / not JSON      413 / 400
 *  body hash ............ header != body            500 (Python's ValueError becomes a 500)
 *  handler .............. timeout / exception       408 / 500 "Internal Server Error #{id}"
 *                         (at the timeout the handler's PendingReply is abandoned, unless it claimed the reply)
 *  reply ................ 200 + synapse JSON + bt_header_* headers
 * </pre>
 * Rejections are answered with {@code {"message": ...}} and logged once; they never reach the handler.
 */
final class AxonRequestPipeline {
    private static final Logger log = LoggerFactory.getLogger(AxonServer.class);

    private final String hotkey;
    private final String uuid;
    private final Map<String, Route<?>> routes;
    private final NonceLedger nonces;
    private final PriorityGate gate;
    private final Duration maxHandlerTimeout;
    private final InstantSource clock;
    private final ObjectMapper mapper = SynapseJson.mapper();
    private final AtomicInteger inProgress = new AtomicInteger();
    private volatile boolean draining;

    AxonRequestPipeline(String hotkey, String uuid, Map<String, Route<?>> routes, NonceLedger nonces,
                        PriorityGate gate, Duration maxHandlerTimeout, InstantSource clock) {
        this.hotkey = hotkey;
        this.uuid = uuid;
        this.routes = routes;
        this.nonces = nonces;
        this.gate = gate;
        this.maxHandlerTimeout = maxHandlerTimeout;
        this.clock = clock;
    }

    void handle(Context ctx) {
        inProgress.incrementAndGet();
        try {
            if (draining) {
                reply(ctx, 503, "Axon is shutting down", null);
                return;
            }
            serve(ctx, routes.get(ctx.pathParam("synapse")));
        } finally {
            inProgress.decrementAndGet();
        }
    }

    /** Waits for requests in progress to finish, new ones being refused meanwhile. */
    void drain(Duration grace) {
        draining = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (inProgress.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private <S extends Synapse> void serve(Context ctx, Route<S> route) {
        double start = nowSeconds();
        String name = ctx.pathParam("synapse");
        String peerIp = ctx.req().getRemoteAddr();
        int peerPort = ctx.req().getRemotePort();
        S request = null;
        try {
            if (route == null) {
                throw new AxonRejection(404, "Synapse name '" + name + "' not found. Available synapses "
                        + routes.keySet().stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ", "[", "]")));
            }
            request = fromHeaders(ctx, route, name);
            request.axon().version(Dendrite.BITTENSOR_VERSION).uuid(uuid).nonce(nowNanos()).statusCode(100);
            request.dendrite().ip(peerIp).port(peerPort);

            BlacklistHook.Verdict verdict = route.blacklist().check(request);
            if (verdict != null && verdict.blacklisted()) {
                throw new AxonRejection(403, "Forbidden. Key is blacklisted: " + verdict.reason() + ".");
            }
            verify(request);
            double priority = route.priority().priority(request);

            long timeoutNs = handlerTimeoutNanos(request.timeout());
            if (!gate.enter(priority, timeoutNs)) {
                throw new AxonRejection(408, "Response timeout after: " + request.timeout() + "s");
            }
            S reply;
            boolean gateHeld = true;
            try {
                S body = bodyOf(ctx, route, request);
                // The handler sees the verified caller, not whatever the body claims.
                body.dendrite(request.dendrite().copy());
                PendingReply pending = new PendingReply();
                CompletableFuture<S> work = runHandler(route, body, pending);
                gateHeld = false; // released by the handler task itself
                reply = await(work, pending, timeoutNs, request.timeout(), route, body);
            } finally {
                if (gateHeld) gate.release();
            }
            respond(ctx, reply, start);
        } catch (AxonRejection r) {
            String caller = request == null ? ctx.header(SynapseHeaders.DENDRITE_PREFIX + "hotkey")
                    : request.dendrite().hotkey();
            log.info("axon {}: refused {} from {} at {}: {} {}", hotkey, name, caller, peerIp, r.status, r.getMessage());
            reply(ctx, r.status, r.getMessage(), failed(request, r.status, r.getMessage(), start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ctx, 503, "Axon is shutting down", failed(request, 503, "Axon is shutting down", start));
        } catch (RuntimeException e) {
            // A hook or our own code failed: Python answers 500 with an error id and logs the details.
            String id = UUID.randomUUID().toString();
            log.warn("axon {}: {} from {} failed, error #{}", hotkey, name, peerIp, id, e);
            String message = "Internal Server Error #" + id;
            reply(ctx, 500, message, failed(request, 500, message, start));
        }
    }

    private <S extends Synapse> S fromHeaders(Context ctx, Route<S> route, String name) throws AxonRejection {
        try {
            return SynapseHeaders.parse(route.type(), ctx::header);
        } catch (SynapseHeaders.MalformedHeaderException e) {
            throw new AxonRejection(400, "Improperly formatted request. Could not parse headers into synapse of type "
                    + name + ": " + e.getMessage() + ".");
        }
    }

    /** Python's {@code default_verify}: nonce rules first, then the signature, then the nonce is recorded (NonceLedger). */
    private void verify(Synapse request) throws AxonRejection {
        TerminalInfo d = request.dendrite();
        if (d.nonce() == null) throw notVerified("Missing Nonce");
        String key = d.hotkey() + ":" + d.uuid();
        long now = nowNanos();
        String problem = nonces.problem(key, d.nonce(), request.timeout(), now);
        if (problem != null) throw notVerified(problem);
        String message = RequestSignature.message(d.nonce(), d.hotkey(), hotkey, d.uuid(), request.computedBodyHash());
        try {
            RequestSignature.verify(d.hotkey(), message, d.signature());
        } catch (RequestSignature.InvalidSignatureException e) {
            throw notVerified(e.getMessage());
        }
        problem = nonces.accept(key, d.nonce(), request.timeout(), now); // persisted before the handler runs
        if (problem != null) throw notVerified(problem);
    }

    private static AxonRejection notVerified(String why) {
        return new AxonRejection(401, "Not Verified with error: " + why);
    }

    private <S extends Synapse> S bodyOf(Context ctx, Route<S> route, S fromHeaders) throws AxonRejection {
        byte[] bytes;
        try {
            bytes = ctx.bodyAsBytes();
        } catch (RuntimeException e) { // Javalin refuses bodies over maxRequestSize
            throw new AxonRejection(413, "Request body too large");
        }
        S body;
        try {
            body = bytes.length == 0 ? SynapseHeaders.newInstance(route.type()) : mapper.readValue(bytes, route.type());
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new AxonRejection(400, "Improperly formatted request body for " + fromHeaders.name() + ": " + detail);
        }
        String computed = BodyHash.of(body);
        if (!computed.equals(fromHeaders.computedBodyHash())) {
            throw new AxonRejection(500, "Hash mismatch between header body hash " + fromHeaders.computedBodyHash()
                    + " and computed hash " + computed);
        }
        return body;
    }

    private <S extends Synapse> CompletableFuture<S> runHandler(Route<S> route, S body, PendingReply pending) {
        CompletableFuture<S> work = new CompletableFuture<>();
        Thread.ofVirtual().name("axon-handler-" + body.name()).start(() -> {
            try {
                work.complete(route.handler().handle(body, pending));
            } catch (Throwable t) {
                work.completeExceptionally(t);
            } finally {
                gate.release();
            }
        });
        return work;
    }

    private <S extends Synapse> S await(CompletableFuture<S> work, PendingReply pending, long timeoutNs,
                                        double timeoutSeconds, Route<S> route, S body)
            throws AxonRejection, InterruptedException {
        try {
            S reply;
            try {
                reply = work.get(timeoutNs, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (pending.abandon()) {
                    // Not interrupted: a handler stopped half-way could leave half-done work (a half-made container);
                    // it learns from PendingReply that its caller is gone and undoes what it made.
                    work.whenComplete((r, t) -> log.info("axon {}: {} handler for {} finished after its caller's "
                            + "timeout", hotkey, body.name(), body.dendrite().hotkey()));
                    throw new AxonRejection(408, "Response timeout after: " + timeoutSeconds + "s");
                }
                // The handler claimed the reply just before the timeout and is returning it: the caller gets it.
                reply = work.get(maxHandlerTimeout.toNanos(), TimeUnit.NANOSECONDS);
            }
            if (reply == null) throw new IllegalStateException(route.type().getSimpleName() + " handler returned null");
            return reply;
        } catch (TimeoutException e) {
            log.error("axon {}: {} handler for {} claimed its reply but did not return it within {}", hotkey,
                    body.name(), body.dendrite().hotkey(), maxHandlerTimeout);
            throw new AxonRejection(408, "Response timeout after: " + timeoutSeconds + "s");
        } catch (ExecutionException e) {
            String id = UUID.randomUUID().toString();
            log.warn("axon {}: {} handler failed for {}, error #{}", hotkey, body.name(), body.dendrite().hotkey(), id,
                    e.getCause());
            throw new AxonRejection(500, "Internal Server Error #" + id);
        }
    }

    private long handlerTimeoutNanos(double timeoutSeconds) {
        if (Double.isNaN(timeoutSeconds) || timeoutSeconds <= 0) return 0;
        return (long) Math.min(timeoutSeconds * 1e9, (double) maxHandlerTimeout.toNanos());
    }

    /** Python {@code synapse_to_response}: status from the reply's axon (200 if unset), body and headers from it. */
    private void respond(Context ctx, Synapse reply, double start) {
        TerminalInfo axon = reply.axon();
        if (axon.statusCode() == null || axon.statusCode() == 100) axon.statusCode(200);
        if (axon.statusCode() == 200 && (axon.statusMessage() == null || axon.statusMessage().isEmpty())) {
            axon.statusMessage("Success");
        }
        axon.processTime(nowSeconds() - start);
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize reply " + reply.name(), e);
        }
        SynapseHeaders.of(reply).forEach(ctx::header);
        ctx.status(axon.statusCode()).contentType("application/json").result(json);
    }

    /** The header-built synapse marked with the error, for the reply headers (Python sends them too). */
    private static Synapse failed(Synapse request, int status, String message, double start) {
        if (request == null) return null;
        request.axon().statusCode(status).statusMessage(message).processTime(nowSecondsStatic() - start);
        return request;
    }

    private void reply(Context ctx, int status, String message, Synapse headersFrom) {
        if (headersFrom != null) SynapseHeaders.of(headersFrom).forEach(ctx::header);
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(Map.of("message", message));
        } catch (JsonProcessingException e) {
            json = "{\"message\":\"error\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        ctx.status(status).contentType("application/json").result(json);
    }

    private long nowNanos() {
        return NonceLedger.epochNanos(clock);
    }

    private static double nowSeconds() {
        return nowSecondsStatic();
    }

    private static double nowSecondsStatic() {
        return System.nanoTime() / 1e9;
    }
}
