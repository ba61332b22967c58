package io.computeregister.miner.runtime.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace sandbox every renter command runs in: Debian's {@code bubblewrap} ({@code bwrap}), not a confinement
 * of our own. Each SSH session's shell is started as
 *
 * <pre>
 *   bwrap --unshare-user --uid 0 --gid 0 --cap-drop ALL --unshare-pid --unshare-ipc --unshare-uts --hostname sandbox
 *         --die-with-parent --new-session [--disable-userns]
 *         --proc /proc --dev /dev --tmpfs /tmp
 *         --ro-bind /usr /usr   (/bin /sbin /lib* as the host has them: symlinks into /usr, or read-only binds)
 *         --ro-bind-try /etc/{ld.so.cache,resolv.conf,hosts,...}   (what a shell and a resolver need, nothing more)
 *         --ro-bind &lt;runtime&gt;/etc/passwd /etc/passwd, group   (root and nobody only)
 *         --bind &lt;allocation&gt;/home /root --chdir /root
 *         -- /bin/sh ...
 * </pre>
 *
 * What the renter sees: a fresh root file system with the host's programs and libraries read-only, its own directory
 * as {@code /root} (the only writable place that outlives the session), a private {@code /tmp}, {@code /proc} of its
 * own PID namespace. It is root there without any capability, which the host sees as the miner's own user. The host's
 * {@code /root}, {@code /home}, the miner's data directory (ledger, wallets beside it), other allocations and the rest
 * of {@code /etc} are simply not there.
 *
 * <p>What it does not isolate: the network (the host's network namespace is kept, so the renter can download packages
 * as in a Docker container, and can also reach what listens on the host's addresses, loopback included); CPU, memory,
 * PIDs and GPUs (no cgroup); the kernel (a namespace sandbox is no VM). Every session is a sandbox of its own: its
 * processes end with it ({@code --unshare-pid}), and files persist only in {@code /root}. The renter can read the
 * sandbox's own command line ({@code /proc/1/cmdline}): the host paths of what is bound, not their contents.
 */
final class Bubblewrap {

    private static final Logger log = LoggerFactory.getLogger(Bubblewrap.class);

    /** Where the renter's directory appears inside: the login is root (the original's only user). */
    static final String HOME = "/root";
    /** The message when no sandbox can be started: it says what to install. */
    static final String INSTALL = "install bubblewrap (apt-get install bubblewrap) and allow unprivileged user "
            + "namespaces (sysctl kernel.unprivileged_userns_clone=1 where the kernel has it), or use --runtime docker";

    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\n"
            + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
    private static final String GROUP = "root:x:0:\nnogroup:x:65534:\n";
    /** Top-level directories that merged-/usr systems make symlinks into /usr and older ones keep as directories. */
    private static final List<String> SYSTEM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
    /**
     * The pieces of the host's {@code /etc} a shell, the dynamic linker, name resolution, TLS clients and Debian's
     * alternatives need; absent ones are skipped. Not {@code shadow}, not {@code passwd} (ours replaces it), not the
     * host's keys or configuration.
     */
    private static final List<String> ETC = List.of("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d",
            "/etc/resolv.conf", "/etc/hosts", "/etc/nsswitch.conf", "/etc/host.conf", "/etc/gai.conf",
            "/etc/localtime", "/etc/alternatives", "/etc/ssl", "/etc/ca-certificates");
    private static final long PROBE_SECONDS = 20;

    private final String executable;
    private final Path etc;
    private final boolean disableUserns;

    private Bubblewrap(String executable, Path etc, boolean disableUserns) {
        this.executable = executable;
        this.etc = etc;
        this.disableUserns = disableUserns;
    }

    /**
     * Writes the sandbox's {@code passwd} and {@code group} to {@code workDir/etc} and starts one sandbox running
     * {@code true}, so a machine that cannot confine renters refuses the runtime at the miner's start, not at the
     * first login.
     *
     * @param executable {@code bwrap}, or a path to it
     * @throws IllegalStateException saying what failed and what to install
     */
    static Bubblewrap check(String executable, Path workDir) {
        Path etc = workDir.resolve("etc");
        Path probeHome = workDir.resolve("probe-home");
        try {
            Files.createDirectories(etc);
            Files.createDirectories(probeHome);
            Files.writeString(etc.resolve("passwd"), PASSWD, StandardCharsets.UTF_8);
            Files.writeString(etc.resolve("group"), GROUP, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("--runtime sandbox: cannot write " + etc + ": " + e.getMessage(), e);
        }
        Bubblewrap strict = new Bubblewrap(executable, etc, true);
        String problem = strict.probe(probeHome);
        if (problem == null) {
            return strict;
        }
        // --disable-userns came with bubblewrap 0.8; an older one still confines, it only cannot forbid the renter
        // nested user namespaces.
        Bubblewrap older = new Bubblewrap(executable, etc, false);
        if (older.probe(probeHome) == null) {
            log.warn("sandbox: {} has no --disable-userns (bubblewrap < 0.8); renters can create nested user "
                    + "namespaces ({})", executable, problem);
            return older;
        }
        throw new IllegalStateException("--runtime sandbox: cannot start a bubblewrap sandbox (" + problem + "): "
                + INSTALL);
    }

    /** The command that runs {@code command} confined, with {@code home} (the host directory) as {@code /root}. */
    List<String> confine(Path home, List<String> command) {
        List<String> args = new ArrayList<>(List.of(executable,
                // A user namespace even when the miner runs as root: inside, uid 0 without any capability.
                "--unshare-user", "--uid", "0", "--gid", "0", "--cap-drop", "ALL",
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--hostname", "sandbox",
                // The sandbox dies with the miner, and has no controlling terminal to inject keystrokes into.
                "--die-with-parent", "--new-session"));
        if (disableUserns) {
            args.add("--disable-userns");
        }
        args.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", "/usr", "/usr"));
        for (String dir : SYSTEM_DIRS) {
            Path path = Path.of(dir);
            if (Files.isSymbolicLink(path)) {
                try {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), dir));
                } catch (IOException e) {
                    log.warn("sandbox: cannot read the link {}: {}", dir, e.toString());
                }
            } else if (Files.isDirectory(path)) {
                args.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String file : ETC) {
            args.addAll(List.of("--ro-bind-try", file, file));
        }
        args.addAll(List.of("--ro-bind", etc.resolve("passwd").toString(), "/etc/passwd",
                "--ro-bind", etc.resolve("group").toString(), "/etc/group",
                "--bind", home.toString(), HOME, "--chdir", HOME, "--"));
        args.addAll(command);
        return args;
    }

    /** Null when a sandbox runs {@code true}; otherwise what went wrong, for the refusal. */
    private String probe(Path home) {
        List<String> command = confine(home, List.of("true"));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return executable + " did not finish within " + PROBE_SECONDS + " s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? null
                    : executable + " exited with " + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
        } catch (IOException e) {
            return "cannot run " + executable + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while starting " + executable;
        }
    }
}
