package io.computeregister.bittensor.subtensor;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Where a transport sends its calls and how long each may take, with the wording of every transport failure, so that
 * an HTTP and a WebSocket failure read the same to the operator.
 *
 * @param uri      the node's URL as given
 * @param name     the URL without credentials, for messages (a URL may carry an API key)
 * @param timeout  bound on connecting and on each call
 */
record RpcEndpoint(URI uri, String name, Duration timeout) {

    HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    RpcException noAnswer(String method, Throwable cause) {
        return new RpcException(method + " to " + name + " got no answer within " + timeout.toMillis() + " ms", cause);
    }

    RpcException failed(String method, Throwable cause) {
        return new RpcException(method + " to " + name + " failed: " + describe(cause), cause);
    }

    /** Restores the thread's interrupt flag, which catching the exception cleared. */
    RpcException interrupted(String method, InterruptedException cause) {
        Thread.currentThread().interrupt();
        return new RpcException(method + " to " + name + " was interrupted", cause);
    }

    /**
     * The first message down the cause chain. java.net.http reports a refused connection or an unknown host as bare
     * exceptions without any message, so those are named here.
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException) {
                return "host name does not resolve";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "connection refused or host unreachable";
            }
        }
        return e.getClass().getSimpleName();
    }

    /** A node's answer on one line and at most 200 characters, for messages. */
    static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
