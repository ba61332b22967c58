package io.computeregister.miner.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/**
 * Real SSH logins for tests (Apache MINA sshd client): log in with a password or a key, run one command, return its
 * standard output. Every step has a short timeout so a frozen server fails the call instead of hanging the test.
 * Host keys are not verified: the servers are throwaway containers on loopback.
 */
public final class SshLogin {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static SshClient client;

    private SshLogin() {}

    /** A fresh ed25519 key pair (sshd's provider, BouncyCastle: sshd 2.20 rejects the JDK's own Ed25519 key pairs). */
    public static KeyPair newKey() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code authorized_keys} line for a key, e.g. {@code ssh-ed25519 AAAA...}. */
    public static String publicKeyLine(KeyPair key) {
        return PublicKeyEntry.toString(key.getPublic());
    }

    public static String withPassword(String host, int port, String user, String password, String command)
            throws IOException {
        return run(host, port, user, password, null, command, DEFAULT_TIMEOUT);
    }

    public static String withKey(String host, int port, String user, KeyPair key, String command) throws IOException {
        return run(host, port, user, null, key, command, DEFAULT_TIMEOUT);
    }

    /** Logs in with exactly the given credential (password or key), runs {@code command}, returns its stdout. */
    public static String run(String host, int port, String user, String password, KeyPair key, String command,
            Duration timeout) throws IOException {
        try (ClientSession session = client().connect(user, host, port).verify(timeout).getSession()) {
            if (password != null) {
                session.addPasswordIdentity(password);
            }
            if (key != null) {
                session.addPublicKeyIdentity(key);
            }
            session.auth().verify(timeout);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ClientChannel channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(timeout);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
                if (events.contains(ClientChannelEvent.TIMEOUT)) {
                    throw new IOException("command did not finish within " + timeout.toMillis() + " ms: " + command);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private static synchronized SshClient client() {
        if (client == null) {
            SshClient c = SshClient.setUpDefaultClient();
            // Throwaway servers with fresh host keys: accept silently (AcceptAllServerKeyVerifier warns per login).
            c.setServerKeyVerifier((session, address, key) -> true);
            // Only the credential a call passes may be tried, never keys found in ~/.ssh.
            c.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
            c.start();
            client = c;
        }
        return client;
    }
}
