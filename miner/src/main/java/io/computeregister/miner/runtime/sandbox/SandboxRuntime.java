package io.computeregister.miner.runtime.sandbox;

import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.LocalSite;
import io.computeregister.miner.runtime.RuntimeSpec;
import io.computeregister.miner.runtime.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded runtime: one Apache MINA SSH server per allocation inside the miner's JVM, for machines without a
 * Docker engine (demos, development, CI), every renter command confined by bubblewrap ({@link Bubblewrap}).
 *
 * <p><b>What it isolates.</b> The renter's shell runs in a namespace sandbox (user, mount, PID, IPC, UTS): root there
 * without capabilities, the host's programs read-only, the allocation's own directory as {@code /root} (the only
 * writable place that lasts), a private {@code /tmp}. The host's {@code /root} and {@code /home}, the miner's data
 * directory (ledger, wallets), other allocations and the rest of {@code /etc} are not visible. Where no sandbox can be
 * started the runtime refuses to open, saying what to install.
 *
 * <p><b>What it does not.</b> No limits: CPU, memory, PIDs and GPUs in the {@link RuntimeSpec} are recorded by the
 * caller but not enforced (no cgroup), and no GPU is attached. No network isolation: the sandbox keeps the host's
 * network (the renter downloads packages as in a container, and can reach what listens on the host). No VM: the
 * kernel is shared. The image and dockerfile are ignored. Each start logs this at INFO. Use the docker runtime for
 * strangers who need limits or GPUs.
 *
 * <p><b>What it does.</b>
 * <ul>
 *   <li>start: directory {@code <data-dir>/sandbox/<id>} (the renter's {@code home/} and the miner's {@code .sandbox/}
 *       state beside it), password auth (stored as the SHA-512 crypt hash the docker runtime writes to
 *       {@code /etc/shadow}) and public-key auth (line 1 user key, line 2 terminal key), host key persisted, shell and
 *       exec channels run a confined {@code /bin/sh}. Each session is a sandbox of its own: its processes end with
 *       it.</li>
 *   <li>pause: the port stays bound but nothing answers (see {@link PausableTcpGate}): new logins hang until the
 *       client times out, open sessions freeze, and the allocation's processes get SIGSTOP. unpause reverses it.</li>
 *   <li>restart: ends every session and process and brings SSH back with the same host key, password and keys; works
 *       from any state, including an allocation left STOPPED by a miner restart.</li>
 *   <li>remove: stops everything and deletes the directory; the port is free afterwards.</li>
 *   <li>close: stops every server; directories stay, so {@link #list()} reports them as STOPPED to the next runtime,
 *       which can {@link #restart} them.</li>
 * </ul>
 *
 * <p>Lifecycle calls are serialized on one lock (each takes well under a second); {@link #state} and {@link #list} too.
 */
public final class SandboxRuntime implements ContainerRuntime {

    private static final Logger log = LoggerFactory.getLogger(SandboxRuntime.class);
    /** Allocation ids become directory names: no separators, no "..", nothing a path could be built from. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** The sandbox's one image (the host's own tools), as its catalog lists it. */
    public static final String IMAGE = "sandbox";
    private final Path root;
    private final LocalSite site;
    private final Bubblewrap bubblewrap;
    private final Map<String, SandboxAllocation> running = new HashMap<>();

    /**
     * @param dataDir the miner's data directory; allocations live in {@code dataDir/sandbox/<id>}
     * @throws IllegalStateException when no bubblewrap sandbox can be started here, saying what to install
     */
    public SandboxRuntime(SandboxSettings settings, Path dataDir) {
        this.root = dataDir.resolve("sandbox");
        this.site = new LocalSite(settings.ports(), dataDir);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IllegalStateException("--runtime sandbox: cannot create " + root + ": " + e.getMessage(), e);
        }
        // Beside sandbox/, not in it: sandbox/ holds allocations only.
        this.bubblewrap = Bubblewrap.check(settings.bubblewrap(), dataDir.resolve("bubblewrap"));
    }

    @Override
    public String name() {
        return SandboxSettings.NAME;
    }

    /**
     * This machine, as the docker runtime reports it: the renter's shell runs here. Its GPUs are reported although a
     * sandbox cannot attach them (see the class comment: limits are recorded, not applied).
     */
    @Override
    public List<String> images() {
        return List.of(IMAGE);
    }

    /** One image: the host's own tools ("sandbox"); "" and the original's "ubuntu" mean it too. */
    @Override
    public String image(String baseImage) {
        String name = baseImage == null ? "" : baseImage.strip();
        if (name.isEmpty() || name.equals("ubuntu") || name.equals(IMAGE)) return IMAGE;
        throw new IllegalArgumentException("docker_requirement.base_image '" + name + "' is not offered here; "
                + "this miner's images: " + IMAGE);
    }

    @Override
    public Site site() {
        return site;
    }

    /** The allocation's directory (its state and the renter's home), whether or not it exists. */
    public Path directoryOf(String allocationId) {
        return root.resolve(checkId(allocationId));
    }

    /** The renter's home as the host sees it: what the renter sees as {@code /root} inside its sandbox. */
    public Path homeOf(String allocationId) {
        return directoryOf(allocationId).resolve(SandboxAllocation.HOME_DIR);
    }

    /**
     * @throws IllegalArgumentException if the id is not a safe name or the user key is not an OpenSSH public key line
     * @throws RuntimeFailure if the allocation already exists or the port cannot be bound (nothing is left behind)
     */
    @Override
    public synchronized Started start(RuntimeSpec spec) {
        if (!spec.extraPorts().isEmpty()) {
            // Sessions share the host's network: there is no container port to map (docs/compatibility.md).
            throw new RuntimeFailure("the sandbox runtime cannot publish container ports; ask this miner for none");
        }
        Path dir = directoryOf(spec.allocationId());
        String userKey = AuthorizedKeySlots.validate("ssh_key", spec.userKey());
        if (spec.sshPort() < 1 || spec.sshPort() > 65535) {
            throw new IllegalArgumentException("ssh port must be 1-65535, got " + spec.sshPort());
        }
        if (spec.sshHost() == null || spec.sshHost().isBlank()) {
            throw new IllegalArgumentException("ssh host is required (e.g. 0.0.0.0 or 127.0.0.1)");
        }
        if (spec.username().isBlank() || spec.password().isEmpty()) {
            throw new IllegalArgumentException("username and password are required");
        }
        if (running.containsKey(spec.allocationId()) || Files.exists(dir)) {
            throw new RuntimeFailure("sandbox " + spec.allocationId() + " already exists; remove it first");
        }
        SandboxAllocation allocation;
        try {
            allocation = SandboxAllocation.create(dir, spec, userKey, bubblewrap);
            allocation.start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(dir);
            if (e instanceof RuntimeFailure failure) {
                throw failure;
            }
            throw new RuntimeFailure("sandbox " + spec.allocationId() + ": cannot start: " + e.getMessage(), e);
        }
        running.put(spec.allocationId(), allocation);
        log.info("sandbox {}: SSH on {}:{} for {}, confined by bubblewrap to {}; NOT enforced here: cpus={} "
                        + "memory={}B pids={} gpus={} (no cgroup), network shared with the host",
                spec.allocationId(), spec.sshHost(), spec.sshPort(), spec.username(), allocation.home(), spec.cpus(),
                spec.memoryBytes(), spec.pidsLimit(), spec.gpuIds());
        return new Started(spec.allocationId(), spec.sshHost(), spec.sshPort(), spec.username());
    }

    @Override
    public synchronized void restart(String allocationId) {
        SandboxAllocation allocation = running.get(allocationId);
        if (allocation != null) {
            allocation.restart();
            log.info("sandbox {}: restarted", allocationId);
            return;
        }
        Path dir = directoryOf(allocationId);
        if (!SandboxAllocation.exists(dir)) {
            throw new RuntimeFailure("sandbox " + allocationId + " does not exist");
        }
        try {
            allocation = SandboxAllocation.load(dir, bubblewrap);
        } catch (IOException e) {
            throw new RuntimeFailure("sandbox " + allocationId + ": cannot read its settings: " + e.getMessage(), e);
        }
        allocation.start();
        running.put(allocationId, allocation);
        SandboxLogin s = allocation.login();
        log.info("sandbox {}: started again on {}:{}; limits are NOT enforced by the sandbox runtime", allocationId,
                s.sshHost(), s.sshPort());
    }

    @Override
    public synchronized void pause(String allocationId) {
        runningOrFail(allocationId, "pause").pause();
        log.info("sandbox {}: paused (port held, sessions frozen, processes stopped)", allocationId);
    }

    @Override
    public synchronized void unpause(String allocationId) {
        runningOrFail(allocationId, "unpause").unpause();
        log.info("sandbox {}: unpaused", allocationId);
    }

    /**
     * Replaces one authorized_keys slot; the next login sees it, open sessions stay.
     *
     * @throws IllegalArgumentException if the key is not one OpenSSH public key line
     */
    @Override
    public synchronized void replaceKey(String allocationId, KeySlot slot, String publicKey) {
        String key = AuthorizedKeySlots.validate("ssh_key", publicKey);
        Path dir = directoryOf(allocationId);
        SandboxAllocation allocation = running.get(allocationId);
        try {
            if (allocation == null) {
                if (!SandboxAllocation.exists(dir)) {
                    throw new RuntimeFailure("sandbox " + allocationId + " does not exist");
                }
                allocation = SandboxAllocation.load(dir, bubblewrap);
            }
            allocation.replaceKey(slot, key);
        } catch (IOException e) {
            throw new RuntimeFailure("sandbox " + allocationId + ": cannot write authorized_keys: " + e.getMessage(),
                    e);
        }
        log.info("sandbox {}: {} key replaced", allocationId, slot.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public synchronized void remove(String allocationId) {
        Path dir = directoryOf(allocationId);
        SandboxAllocation allocation = running.remove(allocationId);
        if (allocation != null) {
            allocation.stop();
        }
        if (Files.exists(dir)) {
            try {
                delete(dir);
            } catch (IOException e) {
                throw new RuntimeFailure("sandbox " + allocationId + ": stopped, but " + dir
                        + " could not be deleted: " + e.getMessage(), e);
            }
            log.info("sandbox {}: removed", allocationId);
        }
    }

    @Override
    public synchronized State state(String allocationId) {
        SandboxAllocation allocation = running.get(allocationId);
        if (allocation != null) {
            return allocation.state();
        }
        return SandboxAllocation.exists(directoryOf(allocationId)) ? State.STOPPED : State.MISSING;
    }

    @Override
    public synchronized List<String> list() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(SandboxAllocation::exists).map(p -> p.getFileName().toString()).sorted().forEach(ids::add);
        } catch (IOException e) {
            throw new RuntimeFailure("sandbox: cannot list " + root + ": " + e.getMessage(), e);
        }
        return ids;
    }

    @Override
    public synchronized void close() {
        for (SandboxAllocation allocation : running.values()) {
            allocation.stop();
        }
        running.clear();
    }

    private SandboxAllocation runningOrFail(String allocationId, String action) {
        SandboxAllocation allocation = running.get(allocationId);
        if (allocation == null) {
            throw new RuntimeFailure("sandbox " + allocationId + " cannot " + action + ": it is "
                    + state(allocationId).name().toLowerCase(java.util.Locale.ROOT));
        }
        return allocation;
    }

    private static String checkId(String allocationId) {
        if (allocationId == null || !SAFE_ID.matcher(allocationId).matches()) {
            throw new IllegalArgumentException("allocation id must be 1-64 letters, digits, '-' or '_' "
                    + "(a UUID), got '" + allocationId + "'");
        }
        return allocationId;
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (Files.exists(dir)) {
                delete(dir);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("sandbox: could not clean up {}: {}", dir, e.toString());
        }
    }

    private static void delete(Path dir) throws IOException {
        PathUtils.deleteDirectory(dir);
    }
}
