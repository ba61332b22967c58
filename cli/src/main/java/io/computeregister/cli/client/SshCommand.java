package io.computeregister.cli.client;

import io.computeregister.cli.CliErrors.UserError;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.io.input.NoCloseInputStream;
import org.apache.sshd.common.util.io.output.NoCloseOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compute ssh UUID [-- COMMAND...]}: log into an allocation with the stored credentials. With a key it runs
 * the OpenSSH client ({@code ssh -i KEY}); with only the password it uses the Apache MINA client, since OpenSSH reads
 * passwords only from a terminal. Each allocation gets its own known_hosts file beside its credentials: a new
 * container on a reused port has a new host key, and trust-on-first-use per allocation is the honest check here.
 */
@Command(
        name = "ssh",
        mixinStandardHelpOptions = true,
        description = {"Open a shell in an allocation, or run a command there: compute ssh UUID -- nvidia-smi.",
            "Uses the key given at allocate time (or -i FILE), else the stored password."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"N:the remote command's exit code", "1:unknown allocation or no credentials",
            "2:bad arguments, API or SSH server unreachable"})
public final class SshCommand implements Callable<Integer> {

    private static final Duration CONNECT = Duration.ofSeconds(15);

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "UUID", description = "The allocation's uuid_key.")
    String uuid;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "A command to run instead of a shell (after --).")
    List<String> command = new ArrayList<>();

    @Option(names = {"-i", "--identity"}, paramLabel = "FILE", description = "Private key to use (overrides the stored one).")
    Path identity;

    @Override
    public Integer call() throws Exception {
        RegisterClient client = api.client();
        var found = AllocationLookup.find(api, client, uuid);
        String host = found.allocation().path("ssh_ip").asText("");
        int port = found.allocation().path("ssh_port").asInt(0);
        String user = found.allocation().path("ssh_username").asText("root");
        if (host.isEmpty() || port <= 0) throw new UserError("allocation " + uuid + " has no SSH address", 1);
        Path knownHosts = api.store().dir().resolve(uuid + ".known_hosts");
        Path key = identity != null ? identity : found.identityFile() == null ? null : Path.of(found.identityFile());
        if (key != null && !Files.isReadable(key)) throw new UserError("identity file " + key + " is not readable");

        if (key != null) return openSsh(key, user, host, port, knownHosts);
        if (found.password() != null) return mina(found.password(), user, host, port, knownHosts);
        throw new UserError("no key or password known for " + uuid + " (the API's list never returns passwords and "
                + "nothing is stored in " + api.store().dir() + "); pass -i FILE", 1);
    }

    private int openSsh(Path key, String user, String host, int port, Path knownHosts) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ssh", "-i", key.toString(), "-p", String.valueOf(port),
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=accept-new",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "ConnectTimeout=" + CONNECT.toSeconds(),
                user + "@" + host));
        boolean interactive = Terminal.interactive();
        if (!interactive) argv.addAll(1, List.of("-o", "BatchMode=yes")); // no prompt nobody can answer
        if (!command.isEmpty()) {
            argv.add("--");
            argv.addAll(command);
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        if (interactive || command.isEmpty()) {
            pb.inheritIO();
            return waitFor(start(pb));
        }
        // Not at a terminal: copy the output through picocli's writers (scripts and tests read them).
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = start(pb);
        p.getOutputStream().close();
        Thread errPump = Thread.ofVirtual().start(() -> pump(p.getErrorStream(), api.err()));
        pump(p.getInputStream(), api.out());
        errPump.join();
        return waitFor(p);
    }

    private int mina(String password, String user, String host, int port, Path knownHosts) throws Exception {
        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            Files.createDirectories(knownHosts.getParent());
            ssh.setServerKeyVerifier(new KnownHostsServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE, knownHosts));
            ssh.start();
            ClientSession session;
            try {
                session = ssh.connect(user, host, port).verify(CONNECT).getSession();
            } catch (IOException e) {
                throw new UserError("cannot connect to " + user + "@" + host + ":" + port + ": " + e.getMessage());
            }
            try (session) {
                session.addPasswordIdentity(password);
                try {
                    session.auth().verify(CONNECT);
                } catch (IOException e) {
                    throw new UserError("SSH login to " + user + "@" + host + ":" + port + " failed: "
                            + e.getMessage(), 1);
                }
                return command.isEmpty() ? shell(session) : exec(session);
            }
        }
    }

    private int exec(ClientSession session) throws IOException {
        // As OpenSSH does, the words are joined with spaces and the remote shell parses them.
        try (ChannelExec ch = session.createExecChannel(String.join(" ", command))) {
            var out = new WriterStream(api.out());
            var err = new WriterStream(api.err());
            ch.setOut(out);
            ch.setErr(err);
            ch.open().verify(CONNECT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0);
            out.flush();
            err.flush();
            Integer status = ch.getExitStatus();
            return status == null ? 255 : status;
        }
    }

    private int shell(ClientSession session) throws Exception {
        boolean tty = Terminal.interactive();
        String saved = tty ? stty("-g").strip() : null;
        try (ChannelShell ch = session.createShellChannel()) {
            String term = System.getenv("TERM");
            ch.setPtyType(term == null || term.isBlank() ? "xterm" : term);
            if (tty) {
                String[] size = stty("size").strip().split("\\s+"); // "rows cols"
                if (size.length == 2 && size[0].matches("\\d+") && size[1].matches("\\d+")) {
                    ch.setPtyLines(Integer.parseInt(size[0]));
                    ch.setPtyColumns(Integer.parseInt(size[1]));
                }
            }
            ch.setIn(new NoCloseInputStream(System.in));
            ch.setOut(new NoCloseOutputStream(System.out));
            ch.setErr(new NoCloseOutputStream(System.err));
            if (tty) stty("raw", "-echo");
            ch.open().verify(CONNECT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), 0);
            Integer status = ch.getExitStatus();
            return status == null ? 0 : status;
        } finally {
            if (saved != null) stty(saved);
        }
    }

    /** Runs {@code stty} on the controlling terminal (the arguments are ours or stty's own -g output). */
    private static String stty(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add("stty");
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectInput(new File("/dev/tty")).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static void pump(InputStream in, PrintWriter to) {
        try (in) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                to.write(new String(buf, 0, n, StandardCharsets.UTF_8));
                to.flush();
            }
        } catch (IOException e) {
            // the process ended; nothing more to copy
        }
    }

    private static Process start(ProcessBuilder pb) {
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UserError("cannot run the ssh client (is OpenSSH installed?): " + e.getMessage());
        }
    }

    private static int waitFor(Process p) throws InterruptedException {
        return p.waitFor();
    }

    /** Bytes from a channel to a picocli writer (UTF-8 decoded per flush, so multi-byte characters stay whole). */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter to;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        WriterStream(PrintWriter to) {
            this.to = to;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
            // pass output on as it comes, but never split a multi-byte character
            if (len > 0 && (b[off + len - 1] & 0x80) == 0) flush();
        }

        @Override
        public synchronized void flush() {
            to.write(pending.toString(StandardCharsets.UTF_8));
            to.flush();
            pending.reset();
        }
    }
}
