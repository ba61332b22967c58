package io.computeregister.miner.runtime.docker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Waits until an SSH server answers on a port. An accepted TCP connection is not enough: Docker's userland proxy
 * accepts on the host port before the container's sshd listens, so we wait for the {@code SSH-} identification line.
 */
final class SshBanner {

    private SshBanner() {}

    /** @return true once a banner arrived within {@code timeout} */
    static boolean await(String host, int port, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String target = isWildcard(host) ? "127.0.0.1" : host;
        while (System.nanoTime() < deadline) {
            if (answers(target, port, 1000)) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    static boolean answers(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4];
            int n = 0;
            while (n < 4) {
                int r = in.read(buf, n, 4 - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            return "SSH-".equals(new String(buf, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isWildcard(String host) {
        return host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }
}
