package io.computeregister.api.allocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Proves the renter's SSH endpoint answers before the API says "allocated": a TCP connect that must yield an SSH
 * identification line ("SSH-..."), retried until a total budget runs out (sshd in a fresh container needs a moment).
 * {@link #OFF} for {@code --verify-ssh false}.
 */
@FunctionalInterface
public interface SshCheck {

    SshCheck OFF = (host, port) -> true;

    boolean reachable(String host, int port);

    public static SshCheck tcp(Duration budget, Duration connectTimeout) {
        return (host, port) -> {
            long deadline = System.nanoTime() + budget.toNanos();
            do {
                if (bannerSeen(host, port, (int) connectTimeout.toMillis())) return true;
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            } while (System.nanoTime() < deadline);
            return false;
        };
    }

    private static boolean bannerSeen(String host, int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[1024];
            int len = 0;
            // RFC 4253 §4.2: the server may send other lines before its "SSH-" identification line.
            while (len < buf.length) {
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) break;
                len += n;
                String text = new String(buf, 0, len, StandardCharsets.US_ASCII);
                if (text.startsWith("SSH-") || text.contains("\nSSH-")) return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
