package io.computeregister.miner.runtime.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.shell.InvertedShell;
import org.apache.sshd.server.shell.TtyFilterInputStream;
import org.apache.sshd.server.shell.TtyFilterOutputStream;

/**
 * One {@code /bin/sh} for an SSH shell or exec channel, run inside the allocation's sandbox ({@link Bubblewrap}) in
 * {@code /root}, the allocation's own directory. Unlike MINA's {@code ProcessShell} it starts from an empty environment
 * (the miner's own variables, which may hold secrets, are not inherited; only the client's TERM and locale pass), and
 * registers the process with its allocation so pause can freeze it and stop can kill it with everything it started
 * (the sandbox's PID namespace holds them all).
 *
 * <p>There is no pseudo-terminal: full-screen programs do not work; line-based use and {@code ssh host command} do.
 */
final class SandboxShell implements InvertedShell {

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final SandboxAllocation owner;
    private final List<String> command;
    private ServerSession session;
    private ChannelSession channel;
    private Process process;
    private OutputStream stdin;
    private InputStream stdout;
    private InputStream stderr;

    private SandboxShell(SandboxAllocation owner, List<String> command) {
        this.owner = owner;
        this.command = command;
    }

    /** An interactive shell (the "shell" channel request). */
    static SandboxShell interactive(SandboxAllocation owner) {
        return new SandboxShell(owner, List.of("/bin/sh", "-i"));
    }

    /**
     * {@code ssh host <command>}: the renter's command line is handed to their own shell, exactly as sshd does; it is
     * the renter's machine, so this is the intended use, not an injection.
     */
    static SandboxShell exec(SandboxAllocation owner, String commandLine) {
        return new SandboxShell(owner, List.of("/bin/sh", "-c", commandLine));
    }

    @Override
    public void setSession(ServerSession session) {
        this.session = session;
    }

    @Override
    public ServerSession getServerSession() {
        return session;
    }

    @Override
    public ChannelSession getServerChannelSession() {
        return channel;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        this.channel = channel;
        ProcessBuilder builder = new ProcessBuilder(owner.confined(command)).directory(owner.home().toFile());
        Map<String, String> vars = builder.environment();
        vars.clear();
        vars.put("HOME", Bubblewrap.HOME);
        vars.put("USER", owner.username());
        vars.put("LOGNAME", owner.username());
        vars.put("SHELL", "/bin/sh");
        vars.put("PATH", PATH);
        env.getEnv().forEach((name, value) -> {
            if (name.equals("TERM") || name.equals("LANG") || name.startsWith("LC_")) {
                vars.put(name, value);
            }
        });
        process = builder.start();
        owner.track(process);
        Map<PtyMode, Integer> modes = env.getPtyModes();
        stdin = new TtyFilterOutputStream(process.getOutputStream(), modes);
        stdout = new TtyFilterInputStream(process.getInputStream(), modes);
        stderr = new TtyFilterInputStream(process.getErrorStream(), modes);
    }

    @Override
    public OutputStream getInputStream() {
        return stdin;
    }

    @Override
    public InputStream getOutputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    @Override
    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * MINA asks for the exit value also when the channel closes under a live shell (right after {@link #destroy}
     * killed it), so wait briefly instead of throwing; 255 (as OpenSSH reports a killed session) if it lingers.
     */
    @Override
    public int exitValue() {
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 255;
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null) {
            owner.kill(process.toHandle());
            owner.untrack(process);
        }
    }
}
