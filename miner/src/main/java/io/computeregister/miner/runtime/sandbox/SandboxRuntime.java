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
 * Docker engine (demos, development, CI).
 *
 * <p><b>What it is not.</b> A sandbox allocation is not isolated and <b>applies none of its limits</b>: CPU, memory,
 * PIDs and GPUs in the {@link RuntimeSpec} are recorded by the caller but cannot be enforced without containers, and
 * the renter's shell runs as the miner's own OS user, with the allocation directory only as its {@code HOME} and
 * working directory (it can read whatever the miner can). The image and dockerfile are ignored. Each start logs this
 * at INFO. Use the docker runtime for anything a stranger can log into.
 *
 * <p><b>What it does.</b>
 * <ul>
 *   <li>start: directory {@code <data-dir>/sandbox/<id>}, password auth (stored as the SHA-512 crypt hash the docker
 *       runtime writes to {@code /etc/shadow}) and public-key auth from {@code ~/.ssh/authorized_keys} (line 1 user
 *       key, line 2 terminal key), host key persisted in the directory, shell and exec channels run
 *       {@code /bin/sh}.</li>
 *   <li>pause: the port stays bound but nothing answers (see {@link PausableTcpGate}): new logins hang until the
 *       client times out, open sessions freeze, and the allocation's processes get SIGSTOP. unpause reverses it.</li>
 *   <li>restart: ends every session and process and brings SSH back with the same host key, password and keys; works
 *       from any state, including an allocation left STOPPED by a miner restart.</li>
 *   <li>remove: stops everything and deletes the directory; the port is free afterwards.</li>
 *   <li>close: stops every server; directories stay, so {@link #list()} reports them as STOPPED to the next runtime,
 *       which can {@link #restart} them.</li>
 * </ul>
 * Known gap: without a cgroup the runtime only knows the processes its shells started and their descendants; a
 * process that outlives its shell (e.g. {@code ssh host 'nohup job &'}) is reparented away, so pause does not freeze
 * it and remove does not kill it.
 *
 * <p>Lifecycle calls are serialized on one lock (each takes well under a second); {@link #state} and {@link #list} too.
 */
public final class SandboxRuntime implements ContainerRuntime {

    private static final Logger log = LoggerFactory.getLogger(SandboxRuntime.class);
    /** Allocation ids become directory names: no separators, no "..", nothing a path could be built from. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    private final Path root;
    private final LocalSite site;
    private final Map<String, SandboxAllocation> running = new HashMap<>();

    /** @param dataDir the miner's data directory; allocations live in {@code dataDir/sandbox/<id>} */
    public SandboxRuntime(SandboxSettings settings, Path dataDir) {
        this.root = dataDir.resolve("sandbox");
        this.site = new LocalSite(settings.ports(), dataDir);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new RuntimeFailure("sandbox: cannot create " + root + ": " + e.getMessage(), e);
        }
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
    public Site site() {
        return site;
    }

    /** The allocation's directory (its HOME), whether or not it exists. */
    public Path directoryOf(String allocationId) {
        return root.resolve(checkId(allocationId));
    }

    /**
     * @throws IllegalArgumentException if the id is not a safe name or the user key is not an OpenSSH public key line
     * @throws RuntimeFailure if the allocation already exists or the port cannot be bound (nothing is left behind)
     */
    @Override
    public synchronized Started start(RuntimeSpec spec) {
        Path home = directoryOf(spec.allocationId());
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
        if (running.containsKey(spec.allocationId()) || Files.exists(home)) {
            throw new RuntimeFailure("sandbox " + spec.allocationId() + " already exists; remove it first");
        }
        SandboxAllocation allocation;
        try {
            allocation = SandboxAllocation.create(home, spec, userKey);
            allocation.start();
        } catch (IOException | RuntimeException e) {
            deleteQuietly(home);
            if (e instanceof RuntimeFailure failure) {
                throw failure;
            }
            throw new RuntimeFailure("sandbox " + spec.allocationId() + ": cannot start: " + e.getMessage(), e);
        }
        running.put(spec.allocationId(), allocation);
        log.info("sandbox {}: SSH on {}:{} for {}; NOT enforced here: cpus={} memory={}B pids={} gpus={} "
                        + "(no containers; the shell runs as the miner's OS user in {})",
                spec.allocationId(), spec.sshHost(), spec.sshPort(), spec.username(), spec.cpus(),
                spec.memoryBytes(), spec.pidsLimit(), spec.gpuIds(), home);
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
        Path home = directoryOf(allocationId);
        if (!SandboxAllocation.exists(home)) {
            throw new RuntimeFailure("sandbox " + allocationId + " does not exist");
        }
        try {
            allocation = SandboxAllocation.load(home);
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
        Path home = directoryOf(allocationId);
        SandboxAllocation allocation = running.get(allocationId);
        try {
            if (allocation == null) {
                if (!SandboxAllocation.exists(home)) {
                    throw new RuntimeFailure("sandbox " + allocationId + " does not exist");
                }
                allocation = SandboxAllocation.load(home);
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
        Path home = directoryOf(allocationId);
        SandboxAllocation allocation = running.remove(allocationId);
        if (allocation != null) {
            allocation.stop();
        }
        if (Files.exists(home)) {
            try {
                delete(home);
            } catch (IOException e) {
                throw new RuntimeFailure("sandbox " + allocationId + ": stopped, but " + home
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
