package io.computeregister.api.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** A real SSH password login (MINA sshd client) that runs one command; every step is bounded. Host keys unchecked. */
public final class SshPasswordLogin {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SshPasswordLogin() {}

    public static String run(String host, int port, String user, String password, String command) throws IOException {
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.start();
            try (ClientSession session = client.connect(user, host, port).verify(TIMEOUT).getSession()) {
                session.addPasswordIdentity(password);
                session.auth().verify(TIMEOUT);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (ClientChannel channel = session.createExecChannel(command)) {
                    channel.setOut(out);
                    channel.setErr(new ByteArrayOutputStream());
                    channel.open().verify(TIMEOUT);
                    Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                    if (events.contains(ClientChannelEvent.TIMEOUT)) throw new IOException("command timed out");
                }
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
