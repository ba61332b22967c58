package io.computeregister.miner.runtime.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** A real SSH client (MINA) for the sandbox tests: logs in, runs a command, remembers the server's host key. */
final class SshTestClient implements AutoCloseable {

    private final SshClient client = SshClient.setUpDefaultClient();
    private final AtomicReference<PublicKey> lastServerKey = new AtomicReference<>();

    SshTestClient() {
        client.setServerKeyVerifier((session, address, key) -> {
            lastServerKey.set(key);
            return true;
        });
        client.start();
    }

    /** Logs in with a password; the session must be closed by the caller. */
    ClientSession loginWithPassword(int port, String user, String password, Duration timeout) throws IOException {
        ClientSession session = connect(port, user, timeout);
        session.addPasswordIdentity(password);
        return authenticate(session, timeout);
    }

    ClientSession loginWithKey(int port, String user, KeyPair key, Duration timeout) throws IOException {
        ClientSession session = connect(port, user, timeout);
        session.addPublicKeyIdentity(key);
        return authenticate(session, timeout);
    }

    /** Runs a command; returns stdout, or throws if it does not finish (exit status received) within the timeout. */
    static String exec(ClientSession session, String command, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(new ByteArrayOutputStream());
            channel.open().verify(timeout);
            Set<ClientChannelEvent> events =
                    channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED),
                            timeout.toMillis());
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                throw new IOException("command '" + command + "' did not finish within " + timeout);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The host key the server presented in the last connection. */
    PublicKey lastServerKey() {
        return lastServerKey.get();
    }

    private ClientSession connect(int port, String user, Duration timeout) throws IOException {
        return client.connect(user, "127.0.0.1", port).verify(timeout).getSession();
    }

    private static ClientSession authenticate(ClientSession session, Duration timeout) throws IOException {
        try {
            session.auth().verify(timeout);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
