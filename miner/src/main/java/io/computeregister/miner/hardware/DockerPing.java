package io.computeregister.miner.hardware;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whether a Docker engine answers {@code GET /_ping} on its unix socket within a bounded time. */
final class DockerPing {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Path socket;

    DockerPing(Path socket) {
        this.socket = socket;
    }

    /** The socket named by DOCKER_HOST when it is {@code unix://...}, else /var/run/docker.sock. */
    static Path defaultSocket() {
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && dockerHost.startsWith("unix://")) {
            return Path.of(dockerHost.substring("unix://".length()));
        }
        return Path.of("/var/run/docker.sock");
    }

    boolean answers() {
        if (!Files.exists(socket)) {
            return false;
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        // Blocking unix-socket I/O has no timeout of its own: run it aside and close the channel if it takes too long.
        CompletableFuture<Boolean> ping = CompletableFuture.supplyAsync(() -> exchange(channel),
                runnable -> Thread.ofVirtual().name("docker-ping").start(runnable));
        try {
            return ping.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private boolean exchange(SocketChannel channel) {
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // HTTP/1.0: the engine closes the connection after the body
            }
            String reply = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return reply.startsWith("HTTP/1.") && reply.split("\r\n", 2)[0].contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }
}
