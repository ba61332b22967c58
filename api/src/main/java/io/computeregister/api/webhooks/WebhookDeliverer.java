package io.computeregister.api.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the webhook outbox (a leader-only job). Each round: fan new events out to delivery rows, then send what is
 * due. Guarantees:
 *
 * <ul>
 *   <li><b>at-least-once</b>: a row is marked delivered only after the receiver answered 2xx; a crash between the
 *       answer and the mark resends it, with the same event id ({@code X-Compute-Event-Id} and the body's
 *       {@code id}) for the receiver to drop;</li>
 *   <li><b>in order per allocation</b>: rows of one (webhook, allocation) are sent oldest first and a failure stops
 *       that group until its retry succeeds; other groups go on (one slow receiver holds up only itself);</li>
 *   <li><b>fair</b>: each round fetches only due rows, at most {@value #PER_WEBHOOK} per webhook, with at most
 *       {@value #PARALLEL_PER_WEBHOOK} of a webhook's groups in flight, and a webhook whose send failed gets no
 *       more tries that round, so a dead endpoint's backlog never holds up another tenant's deliveries;</li>
 *   <li><b>retries</b> with exponential backoff from {@code backoffBase}, doubling, capped at {@code backoffCap},
 *       with "equal jitter" (half fixed, half random); a delivery failing for longer than {@code giveUpAfter} after
 *       its event is given up (recorded, logged) so its allocation's later events can flow.</li>
 * </ul>
 *
 * Every request is signed ({@link WebhookSigner}); redirects are not followed; a host that is not a permitted target
 * ({@link WebhookTargets}) is not contacted and the delivery fails as if it had not answered; secrets never reach the
 * log.
 */
public final class WebhookDeliverer implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);
    public static final String NAME = "webhook-delivery";
    public static final String EVENT_ID_HEADER = "X-Compute-Event-Id";
    public static final String EVENT_TYPE_HEADER = "X-Compute-Event-Type";
    /** Rows of one group sent per round at most (keeps a round's length bounded). */
    private static final int PER_GROUP = 50;
    /** Rows of one webhook fetched per round at most, and rows fetched in all. */
    static final int PER_WEBHOOK = 100;
    private static final int BATCH = 2000;
    private static final int PARALLEL = 16;
    /** Groups of one webhook in flight at once: one slow endpoint never takes every sender. */
    private static final int PARALLEL_PER_WEBHOOK = 4;

    private final WebhookStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration backoffBase;
    private final Duration backoffCap;
    private final Duration giveUpAfter;
    private final Clock clock;
    private final WebhookTargets targets;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    public WebhookDeliverer(WebhookStore store, Duration timeout, Duration backoffBase, Duration backoffCap,
                            Duration giveUpAfter, WebhookTargets targets, Clock clock) {
        this.store = store;
        this.targets = targets;
        this.timeout = timeout;
        this.backoffBase = backoffBase;
        this.backoffCap = backoffCap;
        this.giveUpAfter = giveUpAfter;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(senders)
                .build();
    }

    /** What a round did (for tests and logs). */
    public record Round(int fannedOut, int delivered, int failed) {}

    @Override
    public void run() {
        Round r = runOnce();
        if (r.failed() > 0) log.info("webhooks: {} delivered, {} failed (will retry)", r.delivered(), r.failed());
    }

    public Round runOnce() {
        int fanned = store.fanOut(500);
        List<List<WebhookStore.Pending>> groups = WebhookStore.groups(store.due(PER_WEBHOOK, BATCH));
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Semaphore slots = new Semaphore(PARALLEL);
        Map<String, Endpoint> endpoints = new HashMap<>();
        List<Future<?>> running = new ArrayList<>();
        for (List<WebhookStore.Pending> group : groups) {
            Endpoint endpoint = endpoints.computeIfAbsent(group.get(0).webhookId(), id -> new Endpoint());
            running.add(senders.submit(() -> {
                endpoint.slots.acquireUninterruptibly(); // always before the shared slots: no lock-order deadlock
                slots.acquireUninterruptibly();
                try {
                    if (!endpoint.failing.get() && !sendGroup(group, delivered, failed)) endpoint.failing.set(true);
                } finally {
                    slots.release();
                    endpoint.slots.release();
                }
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("webhook group failed", e.getCause());
            }
        }
        return new Round(fanned, delivered.get(), failed.get());
    }

    /**
     * One webhook's share of a round. Once one of its sends failed, its groups not yet started wait for the next
     * round untouched (no attempt counted): a dead endpoint costs a round a few timeouts, not one per backlog row.
     */
    private static final class Endpoint {
        final Semaphore slots = new Semaphore(PARALLEL_PER_WEBHOOK);
        final AtomicBoolean failing = new AtomicBoolean();
    }

    /** Sends a group's due rows in order; false when a send failed (the rest of the group waits behind it). */
    private boolean sendGroup(List<WebhookStore.Pending> group, AtomicInteger delivered, AtomicInteger failed) {
        int sent = 0;
        boolean allSent = true;
        for (WebhookStore.Pending p : group) {
            if (sent++ == PER_GROUP || Thread.currentThread().isInterrupted()) return allSent;
            Instant now = clock.instant();
            if (p.nextAttemptAt().isAfter(now)) return allSent; // the head waits for its retry, later ones behind it
            String error = send(p, now);
            if (error == null) {
                store.delivered(p.webhookId(), p.eventSeq());
                delivered.incrementAndGet();
                continue;
            }
            failed.incrementAndGet();
            if (Duration.between(p.eventAt(), now).compareTo(giveUpAfter) > 0) {
                log.warn("webhook {}: giving up event {} after {} attempts: {}", p.webhookId(), p.eventSeq(),
                        p.attempts() + 1, error);
                store.gaveUp(p.webhookId(), p.eventSeq(), error);
                allSent = false;
                continue;
            }
            Duration wait = backoff(p.attempts() + 1);
            log.debug("webhook {}: event {} attempt {} failed ({}); retry in {}", p.webhookId(), p.eventSeq(),
                    p.attempts() + 1, error, wait);
            store.retryAt(p.webhookId(), p.eventSeq(), now.plus(wait), error);
            return false;
        }
        return allSent;
    }

    /** Null on success, else why it failed (never containing the secret). */
    private String send(WebhookStore.Pending p, Instant now) {
        String body = p.format() == WebhookFormat.ORIGINAL
                ? OriginalPayload.body(p.eventType(), p.allocationUuid(), p.payloadJson(), p.eventAt(), now)
                : ComputePayload.body(p.eventSeq(), p.eventType(), p.allocationUuid(), p.payloadJson(), p.eventAt());
        if (body == null) return null; // nothing this format can say about the event: done
        URI url = URI.create(p.url());
        // Checked again at every delivery: the name may point elsewhere now than when it was registered.
        String refusal = targets.refusal(url);
        if (refusal != null) return "refused: " + refusal;
        try {
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "*/*")
                    .header("User-Agent", "compute-register-webhooks/1")
                    .header(EVENT_ID_HEADER, Long.toString(p.eventSeq()))
                    .header(EVENT_TYPE_HEADER, p.eventType())
                    .header(WebhookSigner.HEADER, WebhookSigner.header(p.secret(), now.getEpochSecond(), body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** base × 2^(attempt-1), capped; then half of it fixed and half random. */
    Duration backoff(int attempt) {
        long base = backoffBase.toMillis();
        long cap = backoffCap.toMillis();
        long exp = attempt >= 30 ? cap : Math.min(cap, base << Math.max(0, attempt - 1));
        long half = exp / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(exp - half + 1));
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
