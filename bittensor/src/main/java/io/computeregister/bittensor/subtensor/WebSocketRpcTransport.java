package io.computeregister.bittensor.subtensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over one WebSocket, the transport Bittensor's own SDK uses ({@code ws://}, {@code wss://}). Requests are
 * matched to answers by id, so callers on several threads can share the socket. The socket opens on first use and
 * reopens on the next call after the node closed it.
 */
final class WebSocketRpcTransport implements RpcTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketRpcTransport.class);

    private final RpcEndpoint endpoint;
    private final HttpClient http;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    // java.net.http.WebSocket allows one outstanding send at a time; this lock also guards opening the socket.
    private final Object sendLock = new Object();
    private volatile WebSocket socket; // written under sendLock, read by the listener

    WebSocketRpcTransport(RpcEndpoint endpoint) {
        this.endpoint = endpoint;
        this.http = endpoint.newHttpClient();
    }

    @Override
    public JsonNode exchange(long id, ObjectNode request, String method) throws RpcException {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (sendLock) {
                WebSocket ws = open(method);
                ws.sendText(request.toString(), true).get(timeoutMillis(), TimeUnit.MILLISECONDS);
            }
            return answer.get(timeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw endpoint.noAnswer(method, e);
        } catch (ExecutionException e) {
            throw endpoint.failed(method, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            throw endpoint.interrupted(method, e);
        } finally {
            pending.remove(id);
        }
    }

    private WebSocket open(String method) throws RpcException, InterruptedException {
        if (socket != null && !socket.isOutputClosed() && !socket.isInputClosed()) {
            return socket;
        }
        try {
            socket = http.newWebSocketBuilder()
                    .connectTimeout(endpoint.timeout())
                    .buildAsync(endpoint.uri(), new Listener())
                    .get(timeoutMillis(), TimeUnit.MILLISECONDS);
            return socket;
        } catch (TimeoutException e) {
            throw new RpcException("cannot open a WebSocket to " + endpoint.name() + " within " + timeoutMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new RpcException("cannot open a WebSocket to " + endpoint.name() + " for " + method + ": "
                    + RpcEndpoint.describe(cause), cause);
        }
    }

    @Override
    public void close() {
        WebSocket ws;
        synchronized (sendLock) {
            ws = socket;
            socket = null;
        }
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(timeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                LOG.debug("closing WebSocket to {} did not finish cleanly: {}", endpoint.name(), RpcEndpoint.describe(e));
            }
            ws.abort();
        }
        failPending("the client was closed");
        http.close();
    }

    private void failPending(String why) {
        pending.values().forEach(f -> f.completeExceptionally(new RpcException(why)));
    }

    private long timeoutMillis() {
        return endpoint.timeout().toMillis();
    }

    /** Reassembles text messages (large results arrive in many parts) and routes each answer to its caller by id. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                route(text);
            }
            ws.request(1);
            return null;
        }

        private void route(String text) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                LOG.warn("subtensor {} sent a WebSocket message that is not JSON: {}", endpoint.name(),
                        RpcEndpoint.excerpt(text));
                return;
            }
            JsonNode id = node.get("id");
            CompletableFuture<JsonNode> waiter = id != null && id.canConvertToLong() ? pending.get(id.asLong()) : null;
            if (waiter != null) {
                waiter.complete(node);
            } else {
                // Subscription notifications and answers to timed-out calls: nobody waits for them.
                LOG.debug("subtensor {} sent a message no call waits for: {}", endpoint.name(), RpcEndpoint.excerpt(text));
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            failPendingIfCurrent(ws, "the node closed the WebSocket (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            failPendingIfCurrent(ws, "WebSocket error: " + RpcEndpoint.describe(error));
        }

        /** A late close of a socket already replaced must not fail calls waiting on its successor. */
        private void failPendingIfCurrent(WebSocket ws, String why) {
            WebSocket current = socket;
            if (current == null || current == ws) {
                failPending(why);
            }
        }
    }
}
