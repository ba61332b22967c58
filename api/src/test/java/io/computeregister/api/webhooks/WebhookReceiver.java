package io.computeregister.api.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A renter's webhook endpoint for tests (the JDK's HttpServer): records every request it accepts, verifies each
 * signature the way README tells receivers to, and can refuse (503) while {@link #refusing} is set.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One accepted request. */
    public record Received(String eventId, String eventType, String body, boolean signatureValid) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    public final AtomicBoolean refusing = new AtomicBoolean();
    public final AtomicInteger refused = new AtomicInteger();
    private volatile String secret;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (refusing.get()) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst(WebhookSigner.HEADER);
            boolean valid = secret != null && WebhookSigner.verify(secret, signature, body,
                    System.currentTimeMillis() / 1000, 300);
            synchronized (received) {
                received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookDeliverer.EVENT_ID_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookDeliverer.EVENT_TYPE_HEADER), body, valid));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    /** The secret signatures are checked against (as returned by POST /webhooks). */
    public void expectSecret(String secret) {
        this.secret = secret;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** First arrival of each event id, in arrival order (what a de-duplicating receiver keeps). */
    public List<Received> deduplicated() {
        Map<String, Received> first = new LinkedHashMap<>();
        for (Received r : all()) first.putIfAbsent(r.eventId(), r);
        return new ArrayList<>(first.values());
    }

    public List<String> typesFor(String allocationUuid) {
        return deduplicated().stream()
                .filter(r -> allocationUuid.equals(r.json().path("allocation_uuid").asText()))
                .map(Received::eventType).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
