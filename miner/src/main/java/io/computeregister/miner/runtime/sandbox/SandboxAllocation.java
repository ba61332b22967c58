package io.computeregister.miner.runtime.sandbox;

import io.computeregister.miner.runtime.ContainerRuntime.KeySlot;
import io.computeregister.miner.runtime.ContainerRuntime.RuntimeFailure;
import io.computeregister.miner.runtime.ContainerRuntime.State;
import io.computeregister.miner.runtime.PasswordHash;
import io.computeregister.miner.runtime.RuntimeSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.InvertedShellWrapper;

/**
 * One running sandbox allocation: its directory, its public port ({@link PausableTcpGate}), the MINA SSH server behind
 * it on a loopback port, and the confined shells it started ({@link Bubblewrap}).
 *
 * <p>Layout of the allocation directory:
 * <pre>
 *   &lt;data-dir&gt;/sandbox/&lt;id&gt;/
 *     home/                          the renter's /root inside the sandbox: the only part it can see or write
 *     .sandbox/allocation.properties host, port, username, password hash
 *     .sandbox/authorized_keys       line 1 user key, line 2 terminal key
 *     .sandbox/ssh_host_key          persisted so a restart presents the same host key
 * </pre>
 * The miner's own files stay outside {@code home/}: a renter who controls the files the miner writes could point a
 * symlink at any file of the host and have the miner (often root) overwrite it.
 *
 * <p>Not thread-safe for lifecycle calls: {@link SandboxRuntime} serializes them.
 */
final class SandboxAllocation {

    static final String STATE_DIR = ".sandbox";
    static final String HOME_DIR = "home";
    private static final String HOST_KEY_FILE = "ssh_host_key";
    private static final String AUTHORIZED_KEYS = "authorized_keys";
    private static final String BACKEND_HOST = "127.0.0.1";

    private final Path dir;
    private final SandboxLogin login;
    private final AuthorizedKeySlots keys;
    private final Bubblewrap bubblewrap;
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();
    private PausableTcpGate gate;
    private SshServer server;
    private volatile boolean paused;

    private SandboxAllocation(Path dir, SandboxLogin login, AuthorizedKeySlots keys, Bubblewrap bubblewrap) {
        this.dir = dir;
        this.login = login;
        this.keys = keys;
        this.bubblewrap = bubblewrap;
    }

    /** Writes the directory for a new allocation (does not start it). */
    static SandboxAllocation create(Path dir, RuntimeSpec spec, String userKey, Bubblewrap bubblewrap)
            throws IOException {
        Files.createDirectories(dir);
        OwnerOnly.restrict(dir);
        OwnerOnly.restrict(Files.createDirectories(dir.resolve(HOME_DIR)));
        Path stateDir = Files.createDirectories(dir.resolve(STATE_DIR));
        OwnerOnly.restrict(stateDir);
        SandboxLogin login = new SandboxLogin(spec.allocationId(), spec.sshHost(), spec.sshPort(),
                spec.username(), PasswordHash.sha512Crypt(spec.password()));
        login.write(stateDir);
        AuthorizedKeySlots keys = AuthorizedKeySlots.create(authorizedKeys(dir), userKey);
        return new SandboxAllocation(dir, login, keys, bubblewrap);
    }

    /** Reads an allocation left by an earlier start (after a miner restart). */
    static SandboxAllocation load(Path dir, Bubblewrap bubblewrap) throws IOException {
        SandboxLogin login = SandboxLogin.read(dir.resolve(STATE_DIR));
        Files.createDirectories(dir.resolve(HOME_DIR));
        return new SandboxAllocation(dir, login, new AuthorizedKeySlots(authorizedKeys(dir)), bubblewrap);
    }

    static boolean exists(Path dir) {
        return Files.isRegularFile(SandboxLogin.file(dir.resolve(STATE_DIR)));
    }

    private static Path authorizedKeys(Path dir) {
        return dir.resolve(STATE_DIR).resolve(AUTHORIZED_KEYS);
    }

    /** The renter's directory as the host sees it ({@code /root} inside the sandbox). */
    Path home() {
        return dir.resolve(HOME_DIR);
    }

    /** {@code command} as it runs for the renter: inside the allocation's sandbox. */
    List<String> confined(List<String> command) {
        return bubblewrap.confine(home(), command);
    }

    String username() {
        return login.username();
    }

    SandboxLogin login() {
        return login;
    }

    State state() {
        if (server == null) {
            return State.STOPPED;
        }
        return paused ? State.PAUSED : State.RUNNING;
    }

    /** Binds the public port (fails if taken), then starts the SSH server behind it. */
    void start() {
        try {
            InetSocketAddress backend = startServer();
            gate = PausableTcpGate.open(login.allocationId(), login.sshHost(), login.sshPort(), backend);
        } catch (IOException e) {
            stopServer();
            throw new RuntimeFailure("sandbox " + login.allocationId() + ": cannot listen on " + login.sshHost()
                    + ":" + login.sshPort() + ": " + e.getMessage(), e);
        }
        paused = false;
    }

    /** Ends every session and process, then starts a fresh SSH server with the same host key and credentials. */
    void restart() {
        if (gate == null) {
            start();
            return;
        }
        gate.pause();
        resumeProcesses();
        stopServer();
        gate.dropConnections();
        try {
            gate.setBackend(startServer());
        } catch (IOException e) {
            throw new RuntimeFailure("sandbox " + login.allocationId() + ": SSH server did not restart: "
                    + e.getMessage(), e);
        }
        paused = false;
        gate.resume();
    }

    void pause() {
        if (paused) {
            return;
        }
        paused = true;
        gate.pause();
        // Twice: a process forked between listing and stopping is caught by the second pass.
        ProcessSignals.stop(liveProcessTree());
        ProcessSignals.stop(liveProcessTree());
    }

    void unpause() {
        if (!paused) {
            return;
        }
        resumeProcesses();
        paused = false;
        gate.resume();
    }

    void replaceKey(KeySlot slot, String key) throws IOException {
        keys.replace(slot, key);
    }

    /** Closes the port, the server and every process; the directory stays. */
    void stop() {
        if (gate != null) {
            gate.close();
            gate = null;
        }
        resumeProcesses();
        stopServer();
        paused = false;
    }

    void track(Process process) {
        processes.add(process);
    }

    void untrack(Process process) {
        processes.remove(process);
    }

    /** Kills a process and everything it started (background jobs of the shell too). */
    void kill(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private InetSocketAddress startServer() throws IOException {
        SshServer ssh = SshServer.setUpDefaultServer();
        ssh.setHost(BACKEND_HOST);
        ssh.setPort(0);
        SimpleGeneratorHostKeyProvider hostKey =
                new SimpleGeneratorHostKeyProvider(dir.resolve(STATE_DIR).resolve(HOST_KEY_FILE));
        hostKey.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKey.setKeySize(256);
        ssh.setKeyPairProvider(hostKey);
        // Load (or generate and write) the host key now, so it is on disk before anyone can restart us.
        hostKey.loadKeys(null);
        ssh.setPasswordAuthenticator((user, password, session) ->
                login.username().equals(user) && login.passwordMatches(password));
        ssh.setPublickeyAuthenticator((user, key, session) -> login.username().equals(user) && keys.accepts(key));
        ssh.setShellFactory(channel -> new InvertedShellWrapper(SandboxShell.interactive(this)));
        ssh.setCommandFactory((channel, command) -> new InvertedShellWrapper(SandboxShell.exec(this, command)));
        ssh.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        // A paused allocation sends nothing to the server; like a frozen container it must not time sessions out.
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, Duration.ZERO);
        ssh.start();
        server = ssh;
        return new InetSocketAddress(BACKEND_HOST, ssh.getPort());
    }

    private void stopServer() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                // stop(true) closes immediately; an I/O error here leaves nothing we could retry
            }
            server = null;
        }
        for (Process process : List.copyOf(processes)) {
            kill(process.toHandle());
        }
        processes.clear();
    }

    private void resumeProcesses() {
        ProcessSignals.resume(liveProcessTree());
    }

    private List<ProcessHandle> liveProcessTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        for (Process process : processes) {
            ProcessHandle handle = process.toHandle();
            if (handle.isAlive()) {
                tree.add(handle);
                handle.descendants().forEach(tree::add);
            }
        }
        return tree;
    }
}
