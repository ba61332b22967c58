package io.computeregister.miner;

import io.computeregister.miner.allocation.Admission;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.allocation.HostResources;
import io.computeregister.miner.allocation.Ledger;
import io.computeregister.miner.allocation.ResourceRequest;
import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.ContainerRuntime.KeySlot;
import io.computeregister.miner.runtime.ContainerRuntime.Started;
import io.computeregister.miner.runtime.Endpoints;
import io.computeregister.miner.runtime.Endpoints.Endpoint;
import io.computeregister.miner.runtime.RuntimeSpec;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the miner does for a renter, below the wire: admit, start, act on and remove allocations. Every operation names
 * the allocation it acts on by its owner's RSA public key; none can reach another renter's allocation.
 *
 * <p>Concurrency: admission is one ledger transaction (two concurrent requests never over-commit); operations on one
 * allocation (deallocate, expiry, docker actions) are serialised by a per-allocation lock, different allocations run in
 * parallel. A request that does not fit is refused; nothing running is ever stopped to make room.
 *
 * <p>COMPAT (fixes of the original miner, docs/protocol.md §3.3-§3.4, docs/compatibility.md):
 * <ul>
 *   <li>the original kills whatever container runs before every allocation; ours admits several side by side and
 *       refuses ({@code status: false}) what does not fit;</li>
 *   <li>limits are applied: cpus = {@code cpu.count}, memory = {@code ram.capacity}, a PIDs cap, GPUs as requested
 *       (the original computed them and applied none);</li>
 *   <li>each allocation gets its own endpoint from the runtime (a host-bound runtime: a port from
 *       {@code --ssh-ports}; {@code docker_requirement.ssh_port} is ignored, as the original overwrote it) and the
 *       operator's {@code --image} ({@code base_image} is ignored, as in the original);</li>
 *   <li>the password is 16 characters from SecureRandom over [A-Za-z0-9] (the original: 10);</li>
 *   <li>ownership is the stored PEM in the ledger (the original: {@code ./allocation_key}, one per miner), and every
 *       docker action checks it;</li>
 *   <li>exchange_key rewrites {@code authorized_keys} without a shell and without restarting the machine (sshd reads
 *       the file per login); the original echoed the key through a shell and restarted the container;</li>
 *   <li>restart of a paused allocation unpauses and restarts it (the original did nothing and answered true).</li>
 * </ul>
 */
public final class MinerService {

    private static final Logger log = LoggerFactory.getLogger(MinerService.class);
    private static final String PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int PASSWORD_LENGTH = 16;
    /** Fork-bomb guard: generous for any real workload, far below the host's pid_max. */
    private static final long PIDS_LIMIT = 4096;
    private static final String USERNAME = "root";

    private final Ledger ledger;
    private final ContainerRuntime runtime;
    private final Endpoints endpoints;
    private final HostResources host;
    private final MinerConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public MinerService(Ledger ledger, ContainerRuntime runtime, HostResources host, MinerConfig config, Clock clock) {
        this.ledger = ledger;
        this.runtime = runtime;
        this.endpoints = runtime.site().endpoints();
        this.host = host;
        this.config = config;
        this.clock = clock;
    }

    /** The outcome of one request: {@code status}, the SSH port to report, and for an allocation the encrypted info. */
    /** @param extra further {@code output} fields of ours (extend's {@code expires_at}, logs' {@code logs}) */
    public record Outcome(boolean status, int port, String info, String reason, Map<String, Object> extra) {

        public Outcome(boolean status, int port, String info, String reason) {
            this(status, port, info, reason, Map.of());
        }

        static Outcome refused(int port, String reason) {
            return new Outcome(false, port, null, reason);
        }

        static Outcome done(int port, String reason) {
            return new Outcome(true, port, null, reason);
        }
    }

    /**
     * COMPAT: the original's probe answers "no container named ssh-container is running"; ours answers whether the
     * requested resources fit what the live allocations leave free now (several renters share a machine).
     */
    public Admission probe(DeviceRequirement device) {
        Admission admission = ledger.headroom(host).fits(resources(device));
        if (!admission.fits() && gpuOptional(device)) {
            return ledger.headroom(host).fits(resources(device).withoutGpus());
        }
        return admission;
    }

    /** The live allocation owned by {@code publicKey} (stored PEM equals it after trimming), if any. */
    public Optional<Allocation> ownedBy(String publicKey) {
        if (publicKey == null || publicKey.isBlank()) {
            return Optional.empty();
        }
        return ledger.live().stream().filter(a -> a.ownedBy(publicKey)).findFirst();
    }

    /** How many live allocations {@code callerHotkey} holds here (asked for and not yet removed). */
    public int heldBy(String callerHotkey) {
        return ledger.heldBy(callerHotkey);
    }

    /** The port reported in {@code output.port}: the owner's allocation's, else {@link Endpoints#fallbackPort()}. */
    public int reportedPort(String publicKey) {
        return ownedBy(publicKey).map(Allocation::sshPort).orElse(endpoints.fallbackPort());
    }

    /**
     * Admits and starts one allocation for {@code caller}, and returns the credentials encrypted with
     * {@code publicKey}. Any failure after admission removes what was created (container and ledger row) and gives the
     * port back. So does a caller that stopped waiting: when the machine is up, {@code callerWaits} is asked last
     * (the axon's {@code PendingReply.claim}); false means nobody will ever see the credentials, so the allocation
     * is removed and logged rather than left running unpaid.
     */
    public Outcome allocate(String publicKey, int timeline, DeviceRequirement device, DockerRequirement docker,
            String caller, BooleanSupplier callerWaits) {
        RSAPublicKey rsa;
        try {
            rsa = RsaEnvelope.parsePublicKeyPem(publicKey);
        } catch (IllegalArgumentException e) {
            return Outcome.refused(endpoints.fallbackPort(), e.getMessage());
        }
        ResourceRequest request = device.testing() ? proofOfGpu(device) : resources(device);
        String image;
        try {
            image = runtime.image(docker.baseImage()); // before anything is held: an unknown name holds nothing
        } catch (IllegalArgumentException e) {
            return Outcome.refused(endpoints.fallbackPort(), e.getMessage());
        }
        Endpoint endpoint;
        try {
            endpoint = endpoints.reserve();
        } catch (Endpoints.Exhausted e) {
            return Outcome.refused(endpoints.fallbackPort(), e.getMessage());
        }
        int port = endpoint.port();
        // The renter's extra container ports, each on a host port of the same range (nothing held if one is short).
        Map<Integer, Integer> extra = new java.util.TreeMap<>();
        try {
            for (int containerPort : docker.ports()) extra.put(containerPort, endpoints.reserve().port());
        } catch (Endpoints.Exhausted e) {
            endpoints.release(port);
            extra.values().forEach(endpoints::release);
            return Outcome.refused(endpoints.fallbackPort(), "no host port left for docker_requirement.ports: "
                    + e.getMessage());
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Instant expires = now.plus(config.timelineUnit().multipliedBy(timeline));
        Allocation allocation = Allocation.active(id, publicKey.strip(), port, request, now, expires, runtime.name(),
                caller);
        Admission admission;
        try {
            // Ownership (one live allocation per key) is checked inside the admitting transaction.
            admission = ledger.admit(allocation, request, host);
            // A proof-of-GPU allocation that lost a card to a renter admitted meanwhile runs without GPUs rather
            // than take one back (the validator then scores what it finds).
            if (!admission.fits() && (gpuOptional(device) || device.testing())) {
                request = request.withoutGpus();
                allocation = Allocation.active(id, publicKey.strip(), port, request, now, expires, runtime.name(),
                        caller);
                admission = ledger.admit(allocation, request, host);
            }
        } catch (Ledger.KeyInUse e) {
            endpoints.release(port);
            extra.values().forEach(endpoints::release);
            return Outcome.refused(reportedPort(publicKey), e.getMessage());
        } catch (RuntimeException e) {
            endpoints.release(port);
            extra.values().forEach(endpoints::release);
            log.warn("allocation refused: {}", e.getMessage());
            return Outcome.refused(endpoints.fallbackPort(), e.getMessage());
        }
        if (!admission.fits()) {
            endpoints.release(port);
            extra.values().forEach(endpoints::release);
            log.info("allocation refused: {}", admission.reason());
            return Outcome.refused(endpoints.fallbackPort(), admission.reason());
        }
        // The ledger chose the GPUs (by device index) in the admitting transaction.
        Allocation admitted = ledger.find(id).orElseThrow();
        return withLock(id, () -> {
            String password = password();
            try {
                // Recorded first: whatever happens next, removal gives these ports back with the allocation.
                ledger.recordPorts(id, extra);
                // The image the renter picked from the operator's catalog (its default for "" or "ubuntu").
                // The renter's volume_path: a directory of its own under the data directory, mounted there; it lasts
                // across restart, pause and key exchange and goes with the allocation.
                String volumePath = volumePath(docker.volumePath());
                Path volumeDir = volumePath == null ? null : config.dataDir().resolve("volumes").resolve(id);
                Started started = runtime.start(new RuntimeSpec(id, image, admitted.cpus(), admitted.memoryBytes(),
                        PIDS_LIMIT, admitted.gpuIds(), port, endpoint.host(), USERNAME, password, docker.sshKey(),
                        volumeDir, docker.dockerfile(), volumePath, extra));
                if (started.sshPort() != port) {
                    // The ledger holds the reserved port: ownership and output.port are looked up by it.
                    throw new ContainerRuntime.RuntimeFailure("allocation " + id + ": the " + runtime.name()
                            + " runtime started it on port " + started.sshPort() + ", not the reserved " + port);
                }
                String info = RsaEnvelope.encryptToBase64(rsa,
                        new AllocationInfo(started.username(), password, started.sshPort(), MinerConfig.VERSION)
                                .toJson());
                if (!callerWaits.getAsBoolean()) {
                    log.warn("allocation {} was ready after its caller ({}) had been answered with its timeout: "
                            + "nobody got its credentials, removing it", id, caller);
                    discard(admitted);
                    return Outcome.refused(endpoints.fallbackPort(), "the caller stopped waiting; allocation " + id
                            + " removed");
                }
                log.info("allocated {} until {}; SSH {}@{}:{}", admitted, expires, started.username(),
                        started.sshHost(), started.sshPort());
                // Ours: the host port of each extra container port, in plaintext (ports are no secret, and info's
                // RSA plaintext is limited); an original API ignores the field.
                Map<String, Object> ports = new java.util.LinkedHashMap<>();
                extra.forEach((c, h) -> ports.put(String.valueOf(c), h));
                return new Outcome(true, started.sshPort(), info, "allocated " + id,
                        ports.isEmpty() ? Map.of() : Map.of("ports", ports));
            } catch (RuntimeException e) {
                log.warn("allocation {} failed, undoing it: {}", id, e.getMessage());
                discard(admitted);
                return Outcome.refused(endpoints.fallbackPort(), "allocation failed: " + e.getMessage());
            }
        });
    }

    /** Removes the allocation owned by {@code publicKey}; no owner match changes nothing. */
    public Outcome deallocate(String publicKey) {
        Optional<Allocation> owned = ownedBy(publicKey);
        if (owned.isEmpty()) {
            return Outcome.refused(endpoints.fallbackPort(), "no live allocation is owned by that public_key");
        }
        Allocation a = owned.get();
        return withLock(a.id(), () -> {
            try {
                remove(a);
                return Outcome.done(a.sshPort(), "deallocated " + a.id());
            } catch (RuntimeException e) {
                log.warn("deallocation of {} failed: {}", a.id(), e.getMessage());
                return Outcome.refused(a.sshPort(), e.getMessage());
            }
        });
    }

    /**
     * COMPAT: the original applies restart/pause/unpause/exchange_key to its one container whoever asks; ours only to
     * the allocation owned by {@code publicKey}, and answers {"status": false} for an unknown action (the original
     * left {@code status} out).
     */
    public Outcome act(String publicKey, DockerAction action) {
        Optional<Allocation> owned = ownedBy(publicKey);
        if (owned.isEmpty()) {
            return Outcome.refused(endpoints.fallbackPort(), "no live allocation is owned by that public_key");
        }
        Allocation a = owned.get();
        String name = action.action() == null ? "" : action.action().strip().toLowerCase(Locale.ROOT);
        return withLock(a.id(), () -> {
            try {
                switch (name) {
                    case DockerAction.EXCHANGE_KEY -> runtime.replaceKey(a.id(), KeySlot.fromWire(action.keyType()),
                            action.sshKey());
                    case DockerAction.RESTART -> {
                        if (runtime.state(a.id()) == ContainerRuntime.State.PAUSED) {
                            runtime.unpause(a.id());
                        }
                        runtime.restart(a.id());
                        ledger.changeState(a.id(), Allocation.State.ACTIVE);
                    }
                    case DockerAction.PAUSE -> {
                        runtime.pause(a.id());
                        ledger.changeState(a.id(), Allocation.State.PAUSED);
                    }
                    case DockerAction.UNPAUSE, DockerAction.RESUME -> {
                        runtime.unpause(a.id());
                        ledger.changeState(a.id(), Allocation.State.ACTIVE);
                    }
                    case DockerAction.EXTEND -> {
                        return extend(a, action.days());
                    }
                    case DockerAction.LOGS -> {
                        return logs(a, action.tail());
                    }
                    default -> {
                        return Outcome.refused(a.sshPort(), "unknown docker_action.action '" + action.action() + "'");
                    }
                }
                log.info("allocation {}: {} done", a.id(), name);
                return Outcome.done(a.sshPort(), name + " done");
            } catch (RuntimeException e) {
                log.warn("allocation {}: {} failed: {}", a.id(), name, e.getMessage());
                return Outcome.refused(a.sshPort(), e.getMessage());
            }
        });
    }

    /**
     * Ours: the lease {@code days} (1-{@value DockerAction#MAX_EXTEND_DAYS}) longer; {@code output.expires_at} is the
     * new expiry, ISO-8601 UTC.
     */
    private Outcome extend(Allocation a, Integer days) {
        if (days == null || days < 1 || days > DockerAction.MAX_EXTEND_DAYS) {
            return Outcome.refused(a.sshPort(), "docker_action.days must be 1-" + DockerAction.MAX_EXTEND_DAYS
                    + ", got " + days);
        }
        Allocation extended = ledger.extend(a.id(), Duration.ofDays(days));
        log.info("allocation {}: lease extended by {} days to {}", a.id(), days, extended.expiresAt());
        return new Outcome(true, a.sshPort(), null, "extended to " + extended.expiresAt(),
                Map.of("expires_at", extended.expiresAt().toString()));
    }

    /**
     * Ours: the container's last {@code tail} (1-{@value DockerAction#MAX_TAIL}) lines of output in
     * {@code output.logs} (UTF-8, at most 1 MiB; "" from a runtime that keeps none).
     */
    private Outcome logs(Allocation a, Integer tail) {
        if (tail == null || tail < 1 || tail > DockerAction.MAX_TAIL) {
            return Outcome.refused(a.sshPort(), "docker_action.tail must be 1-" + DockerAction.MAX_TAIL + ", got " + tail);
        }
        String text = runtime.logs(a.id(), tail);
        return new Outcome(true, a.sshPort(), null, "logs: " + text.length() + " chars", Map.of("logs", text));
    }

    /** {@code docker_requirement.volume_path}'s default in the original's synapse and API (docs/protocol.md §9.2). */
    static final String ORIGINAL_DEFAULT_VOLUME = "/tmp";

    /**
     * The renter's {@code volume_path} as a mount point: null for none ("", absent, or the original's default
     * {@value #ORIGINAL_DEFAULT_VOLUME}); otherwise an absolute path,
     * normalised, that is not the root and has no {@code ..} (Docker refuses those, and a volume over / would hide the
     * image).
     *
     * @throws IllegalArgumentException naming {@code docker_requirement.volume_path}
     */
    static String volumePath(String asked) {
        if (asked == null || asked.isBlank()) return null;
        String path = asked.strip();
        // The original's default, which every client of the original sends without asking for anything: a volume
        // over the image's /tmp (a sticky, world-writable directory) would only change what old clients get.
        if (path.equals(ORIGINAL_DEFAULT_VOLUME)) return null;
        if (!path.startsWith("/") || path.contains("..") || path.contains(":") || path.equals("/")) {
            throw new IllegalArgumentException("docker_requirement.volume_path must be an absolute path below /, "
                    + "got '" + asked + "'");
        }
        return Path.of(path).normalize().toString();
    }

    /** Where removed allocations' volumes wait out {@code --volume-grace}: {@code <id>@<deadline millis>}. */
    private Path keptVolumes() {
        return config.dataDir().resolve("volumes-kept");
    }

    /**
     * With a grace period, moves the allocation's volume aside before the runtime removes the machine (which deletes
     * what is left at the volume's place), named with the moment it may go; {@link #expire} deletes it then.
     */
    private void keepVolume(String id) {
        Path volume = config.dataDir().resolve("volumes").resolve(id);
        if (config.volumeGrace().isZero() || !java.nio.file.Files.isDirectory(volume)) return;
        try {
            java.nio.file.Files.createDirectories(keptVolumes());
            long until = clock.instant().plus(config.volumeGrace()).toEpochMilli();
            java.nio.file.Files.move(volume, keptVolumes().resolve(id + "@" + until),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("allocation {}: volume kept until {}", id, java.time.Instant.ofEpochMilli(until));
        } catch (java.io.IOException e) {
            log.warn("allocation {}: cannot keep its volume ({}); it is removed with the allocation", id, e.toString());
        }
    }

    /** Deletes the kept volumes whose grace has passed; returns how many. */
    int expireKeptVolumes() {
        Path kept = keptVolumes();
        if (!java.nio.file.Files.isDirectory(kept)) return 0;
        int deleted = 0;
        try (var entries = java.nio.file.Files.list(kept)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                int at = name.lastIndexOf('@');
                long until;
                try {
                    until = at < 0 ? 0 : Long.parseLong(name.substring(at + 1));
                } catch (NumberFormatException e) {
                    until = 0;
                }
                if (until > clock.millis()) continue;
                deleteTree(p);
                deleted++;
            }
        } catch (java.io.IOException e) {
            log.warn("cannot sweep kept volumes in {}: {}", kept, e.toString());
        }
        return deleted;
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var walk = java.nio.file.Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.delete(p);
        }
    }

    /** Removes every allocation whose expiry has passed; returns how many were removed. */
    public int expire() {
        expireKeptVolumes();
        return removeEach(ledger.expired(clock.instant()), "expired");
    }

    /**
     * Removes every live allocation: for an operator taking the machine out of the market, and for whoever started
     * a throwaway miner (the demo, tests) and must leave no container behind.
     */
    public int removeAll() {
        return removeEach(ledger.live(), "removed with all others");
    }

    private int removeEach(java.util.List<Allocation> allocations, String why) {
        int removed = 0;
        for (Allocation a : allocations) {
            try {
                boolean done = withLock(a.id(), () -> {
                    // Re-read under the lock: a deallocation may have removed it meanwhile.
                    if (ledger.find(a.id()).map(x -> x.state().live()).orElse(false)) {
                        remove(a);
                        log.info("allocation {} {} (expiry {})", a.id(), why, a.expiresAt());
                        return true;
                    }
                    return false;
                });
                removed += done ? 1 : 0;
            } catch (RuntimeException e) {
                log.warn("removal of {} ({}) failed: {}", a.id(), why, e.getMessage());
            }
        }
        return removed;
    }

    /** Stops and removes the allocation's machine, then marks it removed and gives its endpoint back. */
    void remove(Allocation a) {
        keepVolume(a.id());
        runtime.remove(a.id());
        Map<Integer, Integer> extra = ledger.ports(a.id());
        ledger.changeState(a.id(), Allocation.State.REMOVED);
        endpoints.release(a.sshPort());
        extra.values().forEach(endpoints::release);
    }

    private void discard(Allocation a) {
        try {
            remove(a);
        } catch (RuntimeException e) {
            log.error("allocation {}: cleanup after a failed start failed: {}", a.id(), e.getMessage());
        }
    }

    /**
     * Limits from the request: cpus = cpu.count, memory = ram.capacity, GPUs: {@code gpu.count} cards whose model
     * contains {@code gpu.type} and whose memory together reaches {@code gpu.capacity} MiB (more cards when one is
     * not enough; {@link io.computeregister.miner.allocation.Headroom#gpusFor}). Disk is not limited (the storage
     * drivers we run on, vfs and overlay2 on ext4, cannot cap a container's writable layer).
     *
     * <p>COMPAT: the original attaches all GPUs (count -1) to its one container. Ours attaches only the cards the
     * request needs, by device index and recorded in the ledger, so the GPUs of a multi-GPU host go to different
     * renters and never to two at once.
     */
    static ResourceRequest resources(DeviceRequirement device) {
        return new ResourceRequest(device.cpuCount(), device.ramBytes(), device.gpuCount(), device.gpuType(),
                device.gpuCount() > 0 ? Math.max(0, device.gpuCapacityMib()) : 0);
    }

    /**
     * COMPAT: the validator's proof-of-GPU allocation ({@code device_requirement.testing = true}, docs/protocol.md
     * §3.3 step 2). The original names that container {@code ssh-test-container} and attaches every GPU of the host
     * (it never has another renter then: it killed it first). Ours never takes a card from a renter: the PoG
     * allocation gets every card that is free when it arrives (the ledger picks them by device index in the admitting
     * transaction), and CPU and memory as asked. On the wire it is an ordinary allocation (credentials in
     * {@code info}, removed by its own key). So the validator benchmarks the free part of a shared machine; a machine
     * whose cards are all rented shows it no GPU.
     */
    private ResourceRequest proofOfGpu(DeviceRequirement device) {
        int free = (int) ledger.headroom(host).freeGpus();
        return new ResourceRequest(device.cpuCount(), device.ramBytes(), free);
    }

    /**
     * COMPAT: the original API asks for {@code gpu: {count: 1, capacity: 0, type: ""}} when the renter wants no
     * particular GPU ({@code gpu_size: 0}, and always from {@code allocate_hotkey}), and the original miner attached
     * every GPU to its one container whatever was asked. Such a GPU is therefore "wanted if free": it is attached when
     * the host has one free, and the allocation still fits without it on a host that has none (or none left).
     */
    static boolean gpuOptional(DeviceRequirement device) {
        return device.gpuCount() > 0 && device.gpuCapacityMib() <= 0 && device.gpuType().isBlank();
    }


    private String password() {
        StringBuilder sb = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }

    private <T> T withLock(String id, Supplier<T> body) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

}
