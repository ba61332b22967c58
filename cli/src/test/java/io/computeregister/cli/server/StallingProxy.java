package io.computeregister.cli.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a miner's axon that, while {@link #stall} is on, holds back the miner's answer to any
 * request carrying an RSA public key (an {@code Allocate} that starts a container). The miner does all its work; only
 * the answer waits, so a test can kill the API at the exact moment a container exists that the API has not recorded.
 * The network is not what the test is about, so this is the one stand-in; miner, API and database are real.
 */
final class StallingProxy implements AutoCloseable {

    private static final String TRIGGER = "BEGIN PUBLIC KEY";

    final AtomicBoolean stall = new AtomicBoolean(true);
    /** Answers currently held back. */
    final AtomicInteger held = new AtomicInteger();
    private final ServerSocket server;
    private final int targetPort;

    StallingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket miner = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                AtomicBoolean carriesKey = new AtomicBoolean();
                Thread.ofVirtual().start(() -> pump(client, miner, carriesKey, true));
                Thread.ofVirtual().start(() -> pump(miner, client, carriesKey, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean carriesKey, boolean request) {
        byte[] buf = new byte[16 * 1024];
        String tail = "";
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                if (request) {
                    String seen = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                    if (seen.contains(TRIGGER)) carriesKey.set(true);
                    tail = seen.substring(Math.max(0, seen.length() - TRIGGER.length()));
                } else if (carriesKey.get() && stall.get()) {
                    held.incrementAndGet();
                    while (stall.get() && !to.isClosed()) Thread.sleep(50);
                    held.decrementAndGet();
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // either side went away (the API was killed): the other side is closed by try-with-resources
        }
    }

    @Override
    public void close() throws IOException {
        stall.set(false);
        server.close();
    }
}
