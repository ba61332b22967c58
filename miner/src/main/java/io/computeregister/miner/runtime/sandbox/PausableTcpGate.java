package io.computeregister.miner.runtime.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The allocation's public SSH port: a TCP relay from {@code sshHost:sshPort} to the embedded SSH server on a loopback
 * port, which can be paused.
 *
 * <p>Why a relay instead of binding MINA directly: {@code docker pause} freezes a container while its published port
 * stays open, so a client connects and then hears nothing. Closing MINA's acceptor would instead refuse connections
 * (and free the port for anyone to take). While paused, this gate keeps its listening socket bound but stops calling
 * {@code accept()} (new clients complete the TCP handshake in the kernel backlog and wait for a banner that does not
 * come) and stops copying bytes on existing connections (open sessions freeze). Resuming lets both flow again.
 *
 * <p>Threads: one virtual thread accepts, two virtual threads per connection copy bytes.
 */
final class PausableTcpGate implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(PausableTcpGate.class);
    private static final int BACKLOG = 64;
    private static final int BACKEND_CONNECT_TIMEOUT_MS = 5_000;

    private final String name;
    private final ServerSocket listener;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition opened = lock.newCondition();
    private volatile InetSocketAddress backend;
    private boolean paused;
    private volatile boolean closed;

    private PausableTcpGate(String name, ServerSocket listener) {
        this.name = name;
        this.listener = listener;
    }

    /**
     * Binds the public port now (so a taken port fails the start) and starts accepting; connections are relayed to
     * {@code backend}.
     */
    static PausableTcpGate open(String name, String host, int port, InetSocketAddress backend) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(host, port), BACKLOG);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        PausableTcpGate gate = new PausableTcpGate(name, listener);
        gate.backend = backend;
        Thread.ofVirtual().name("sandbox-gate-" + name).start(gate::acceptLoop);
        return gate;
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Where new connections go (the SSH server moves to a new loopback port on restart). */
    void setBackend(InetSocketAddress backend) {
        this.backend = backend;
    }

    void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    void resume() {
        lock.lock();
        try {
            paused = false;
            opened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Drops every relayed connection but keeps listening (used by restart). */
    void dropConnections() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /** Stops listening (the port is free afterwards) and drops every connection. */
    @Override
    public void close() {
        closed = true;
        resume();
        closeQuietly(listener);
        dropConnections();
    }

    /** Blocks while paused; returns false once closed. */
    private boolean awaitOpen() {
        lock.lock();
        try {
            while (paused && !closed) {
                opened.awaitUninterruptibly();
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    private void acceptLoop() {
        while (awaitOpen()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("sandbox {}: accepting on port {} failed: {}", name, port(), e.toString());
                }
                return;
            }
            Thread.ofVirtual().name("sandbox-gate-" + name + "-connect").start(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        Socket server = new Socket();
        sockets.add(client);
        sockets.add(server);
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(backend, BACKEND_CONNECT_TIMEOUT_MS);
            Thread.ofVirtual().name("sandbox-gate-" + name + "-up").start(() -> copy(client, server));
            copy(server, client);
        } catch (IOException e) {
            log.debug("sandbox {}: relay to {} ended: {}", name, backend, e.toString());
            end(client, server);
        }
    }

    private void copy(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                // A paused gate holds what it read: nothing reaches the other side until resume.
                if (!awaitOpen()) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // Either side closed; the other copier notices through the closed socket.
        } finally {
            end(from, to);
        }
    }

    private void end(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
