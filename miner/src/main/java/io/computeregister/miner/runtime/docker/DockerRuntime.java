package io.computeregister.miner.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Ports;
import io.computeregister.miner.runtime.ContainerRuntime;
import io.computeregister.miner.runtime.LocalSite;
import io.computeregister.miner.runtime.PasswordHash;
import io.computeregister.miner.runtime.RuntimeSpec;
import io.computeregister.miner.runtime.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production runtime: one Docker container per allocation, named {@code compute-alloc-<id>} and labelled so that
 * {@link #list()} sees only containers this runtime created.
 *
 * <p>Start sequence: (optional) build the derived image from the request's build step under the allocation's limits
 * and a time bound ({@link DerivedImage}), create the allocation's own network ({@link AllocationNetworks}), create
 * the container on it with the spec's limits, {@code no-new-privileges} and a reduced capability set
 * ({@link ContainerSettings}), copy {@code authorized_keys} and the shadow entry in through the archive API (no shell,
 * no exec), start it, and return once sshd sends its banner. Any failure on the way removes what was created; what a
 * miner that died on the way left (a network, a derived image) is found by {@link #leftovers()} at the next start.
 *
 * <p>Image assumption: the image runs an sshd on port 22 that accepts root logins, honours {@code /etc/shadow}
 * (SHA-512 crypt) and {@code /root/.ssh/authorized_keys}, and rereads them per login (OpenSSH and dropbear do). No
 * distribution is assumed beyond that; {@code /bin/sh} is needed only when the request carries a build step.
 *
 * <p>Concurrency: operations on one allocation are serialised by a per-allocation lock (a key replacement is a
 * read-modify-write of {@code authorized_keys}); different allocations proceed in parallel.
 */
public final class DockerRuntime implements ContainerRuntime {

    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);

    /**
     * @param sshReady     how long start/restart wait for the SSH banner
     * @param stopGrace    seconds Docker waits after SIGTERM before SIGKILL on restart
     * @param build        bound on building a derived image
     */
    public record Options(Duration sshReady, Duration stopGrace, Duration build) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofMinutes(10));
        }
    }

    private static final Pattern IMAGE_REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");

    /** The original's {@code base_image} default (docs/protocol.md §9.2): old clients send it; it means "default". */
    static final String ORIGINAL_DEFAULT_IMAGE = "ubuntu";
    private final Map<String, String> catalog;
    private final DockerClient docker;
    private final ContainerFiles files;
    private final AllocationNetworks networks;
    private final Options options;
    private final String defaultImage;
    private final LocalSite site;
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * Takes ownership of {@code docker}: {@link #close()} closes it.
     *
     * @param settings the image allocations run unless their spec names one, and the host ports they are published on
     * @param dataDir  the miner's data directory (this machine's disk figures are those of the file system holding it)
     */
    public DockerRuntime(DockerClient docker, Options options, DockerSettings settings, Path dataDir) {
        this.docker = docker;
        this.files = new ContainerFiles(docker);
        this.networks = new AllocationNetworks(docker);
        this.options = options;
        this.defaultImage = settings.image();
        this.catalog = settings.catalog();
        this.site = new LocalSite(settings.ports(), dataDir);
    }

    @Override
    public String name() {
        return DockerSettings.NAME;
    }

    /** This machine: the containers run on it and get its GPUs through the NVIDIA container toolkit. */
    @Override
    public List<String> images() {
        return List.copyOf(catalog.keySet());
    }

    @Override
    public String image(String baseImage) {
        String name = baseImage == null ? "" : baseImage.strip();
        if (name.isEmpty() || name.equals(ORIGINAL_DEFAULT_IMAGE)) return defaultImage;
        String ref = catalog.get(name);
        if (ref == null) {
            throw new IllegalArgumentException("docker_requirement.base_image '" + name + "' is not offered here; "
                    + "this miner's images: " + String.join(", ", catalog.keySet()));
        }
        return ref;
    }

    @Override
    public Site site() {
        return site;
    }

    @Override
    public Started start(RuntimeSpec spec) {
        String baseImage = spec.image() == null ? defaultImage : spec.image();
        validate(spec, baseImage);
        String id = spec.allocationId();
        return locked(id, () -> {
            String name = AllocationContainer.name(id);
            if (inspect(id).isPresent()) {
                throw new RuntimeFailure("allocation " + id + ": container " + name + " already exists");
            }
            // Creating a container never pulls, but a build does pull a missing FROM image: check first, so nothing
            // is ever fetched from a registry and the message says what is wrong.
            try {
                docker.inspectImageCmd(baseImage).exec();
            } catch (NotFoundException e) {
                throw new RuntimeFailure("allocation " + id + ": image " + baseImage
                        + " is not on this engine (nothing is pulled; build or load it first)");
            } catch (RuntimeException e) {
                throw failure(id, "start", e);
            }
            String containerId = null;
            Path createdVolume = null;
            try {
                String image = baseImage;
                Map<String, String> labels = new HashMap<>(AllocationContainer.labels(id));
                if (!spec.dockerfile().isBlank()) {
                    DerivedImage.build(docker, baseImage, spec, options.build());
                    image = AllocationContainer.derivedImage(id);
                    labels.put(AllocationContainer.LABEL_DERIVED_IMAGE, image);
                }
                if (spec.volumeDir() != null) {
                    Path dir = spec.volumeDir().toAbsolutePath().normalize();
                    if (!Files.isDirectory(dir)) {
                        Files.createDirectories(dir);
                        createdVolume = dir;
                    }
                    labels.put(AllocationContainer.LABEL_VOLUME, dir.toString());
                }
                String network = networks.create(id);
                containerId = docker.createContainerCmd(image)
                        .withName(name)
                        .withLabels(labels)
                        .withExposedPorts(ContainerSettings.exposedPorts(spec))
                        .withHostConfig(ContainerSettings.hostConfig(spec, network))
                        .exec()
                        .getId();
                installCredentials(containerId, spec);
                docker.startContainerCmd(containerId).exec();
                if (!SshBanner.await(spec.sshHost(), spec.sshPort(), options.sshReady())) {
                    throw new RuntimeFailure("allocation " + id + ": no SSH banner on " + spec.sshHost() + ":"
                            + spec.sshPort() + " within " + options.sshReady().toSeconds() + " s (does image "
                            + baseImage + " run an sshd on port 22?)");
                }
                log.info("allocation {} started: container {} image {} network {} ssh {}:{}", id, name, image,
                        network, spec.sshHost(), spec.sshPort());
                return new Started(id, spec.sshHost(), spec.sshPort(), spec.username());
            } catch (Exception e) {
                discard(id, containerId, createdVolume);
                throw failure(id, "start", e);
            }
        });
    }

    @Override
    public void restart(String allocationId) {
        locked(allocationId, () -> {
            InspectContainerResponse c = require(allocationId);
            try {
                docker.restartContainerCmd(c.getId())
                        .withTimeout((int) options.stopGrace().toSeconds())
                        .exec();
            } catch (RuntimeException e) {
                throw failure(allocationId, "restart", e);
            }
            Ports.Binding ssh = sshBinding(c);
            if (ssh != null) {
                int port = Integer.parseInt(ssh.getHostPortSpec());
                if (!SshBanner.await(ssh.getHostIp(), port, options.sshReady())) {
                    throw new RuntimeFailure("allocation " + allocationId + ": restarted but no SSH banner on port "
                            + port + " within " + options.sshReady().toSeconds() + " s");
                }
            }
            log.info("allocation {} restarted", allocationId);
            return null;
        });
    }

    @Override
    public void pause(String allocationId) {
        locked(allocationId, () -> {
            InspectContainerResponse c = require(allocationId);
            try {
                docker.pauseContainerCmd(c.getId()).exec();
            } catch (RuntimeException e) {
                throw failure(allocationId, "pause", e);
            }
            log.info("allocation {} paused", allocationId);
            return null;
        });
    }

    @Override
    public void unpause(String allocationId) {
        locked(allocationId, () -> {
            InspectContainerResponse c = require(allocationId);
            try {
                docker.unpauseContainerCmd(c.getId()).exec();
            } catch (RuntimeException e) {
                throw failure(allocationId, "unpause", e);
            }
            log.info("allocation {} unpaused", allocationId);
            return null;
        });
    }

    @Override
    public void replaceKey(String allocationId, KeySlot slot, String publicKey) {
        String key;
        try {
            key = CredentialFiles.requireOneLine("publicKey", publicKey);
        } catch (IllegalArgumentException e) {
            throw new RuntimeFailure("allocation " + allocationId + ": " + e.getMessage());
        }
        locked(allocationId, () -> {
            InspectContainerResponse c = require(allocationId);
            try {
                byte[] current = files.read(c.getId(), CredentialFiles.AUTHORIZED_KEYS)
                        .map(ContainerFiles.FileRead::content)
                        .orElse(new byte[0]);
                String[] slots = CredentialFiles.slots(current);
                slots[slot == KeySlot.USER ? 0 : 1] = key;
                files.write(c.getId(), List.of(new ContainerFiles.FileToWrite(
                        CredentialFiles.AUTHORIZED_KEYS, CredentialFiles.authorizedKeys(slots[0], slots[1]), 0600)));
            } catch (RuntimeException e) {
                throw failure(allocationId, "replace " + slot.name().toLowerCase() + " key", e);
            }
            log.info("allocation {}: {} key replaced", allocationId, slot.name().toLowerCase());
            return null;
        });
    }

    /** Removes the container, its network, its derived image and its volume; whichever of them exist. */
    @Override
    public void remove(String allocationId) {
        if (!AllocationContainer.isValidId(allocationId)) {
            return; // no container can carry such a name
        }
        locked(allocationId, () -> {
            Optional<InspectContainerResponse> c = inspect(allocationId);
            Map<String, String> labels = c.map(x -> x.getConfig().getLabels()).orElse(null);
            String volume = labels == null ? null : labels.get(AllocationContainer.LABEL_VOLUME);
            discard(allocationId, c.map(InspectContainerResponse::getId).orElse(null),
                    volume == null ? null : Path.of(volume));
            log.info("allocation {} removed", allocationId);
            return null;
        });
        // The lock object stays in the map: dropping it here could let a concurrent call on the same id lock a
        // fresh object while another still holds this one. One small lock per allocation ever seen is cheap.
    }

    @Override
    public String logs(String allocationId, int tail) {
        InspectContainerResponse c = require(allocationId);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var callback = docker.logContainerCmd(c.getId()).withStdOut(true).withStdErr(true).withTail(tail)
                .exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<com.github.dockerjava.api.model.Frame>() {
                    @Override
                    public void onNext(com.github.dockerjava.api.model.Frame frame) {
                        out.writeBytes(frame.getPayload());
                    }
                })) {
            if (!callback.awaitCompletion(options.stopGrace().toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new RuntimeFailure("logs of allocation " + allocationId + " did not arrive in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure("logs of allocation " + allocationId + " interrupted");
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof RuntimeFailure f) throw f;
            throw failure(allocationId, "logs", e);
        }
        byte[] all = out.toByteArray();
        if (all.length <= MAX_LOG_BYTES) return new String(all, java.nio.charset.StandardCharsets.UTF_8);
        // The last MAX_LOG_BYTES, from the first full line in them.
        int start = all.length - MAX_LOG_BYTES;
        while (start < all.length && all[start - 1] != '\n') start++;
        return new String(all, start, all.length - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public State state(String allocationId) {
        if (!AllocationContainer.isValidId(allocationId)) {
            return State.MISSING;
        }
        Optional<InspectContainerResponse> c = inspect(allocationId);
        if (c.isEmpty()) {
            return State.MISSING;
        }
        InspectContainerResponse.ContainerState s = c.get().getState();
        if (Boolean.TRUE.equals(s.getPaused())) {
            return State.PAUSED;
        }
        // "restarting" counts as running: Docker is bringing it back under the restart policy.
        if (Boolean.TRUE.equals(s.getRunning()) || Boolean.TRUE.equals(s.getRestarting())) {
            return State.RUNNING;
        }
        return State.STOPPED; // created, exited, dead, removing
    }

    @Override
    public List<String> list() {
        List<Container> containers = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(AllocationContainer.LABEL_MANAGED, "true"))
                .exec();
        return containers.stream()
                .map(c -> c.getLabels() == null ? null : c.getLabels().get(AllocationContainer.LABEL_ALLOCATION))
                .filter(AllocationContainer::isValidId)
                .sorted()
                .toList();
    }

    /** Allocations with a network or a derived image of ours but no container (a start or removal cut short). */
    @Override
    public List<String> leftovers() {
        Set<String> ids = new TreeSet<>(networks.allocations());
        docker.listImagesCmd().withLabelFilter(Map.of(AllocationContainer.LABEL_MANAGED, "true")).exec().stream()
                .map(i -> i.getLabels() == null ? null : i.getLabels().get(AllocationContainer.LABEL_ALLOCATION))
                .filter(AllocationContainer::isValidId)
                .forEach(ids::add);
        ids.removeAll(list());
        return List.copyOf(ids);
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            log.warn("closing the Docker client: {}", e.toString());
        }
    }

    private void validate(RuntimeSpec spec, String image) {
        String id = spec.allocationId();
        String problem = null;
        if (!AllocationContainer.isValidId(id)) {
            problem = "allocationId must be letters, digits, '_', '.', '-' (at most 100), got '" + id + "'";
        } else if (image == null || !IMAGE_REFERENCE.matcher(image).matches()) {
            // It is also the FROM line of a derived image's Dockerfile, so no spaces or line breaks.
            problem = "image must be a Docker image reference (name[:tag][@digest]), got '" + image + "'";
        } else if (spec.sshPort() < 1 || spec.sshPort() > 65535) {
            problem = "sshPort must be 1..65535, got " + spec.sshPort();
        } else if (spec.sshHost() == null || spec.sshHost().isBlank()) {
            problem = "sshHost is required (e.g. 0.0.0.0)";
        } else if (!"root".equals(spec.username())) {
            // Credentials go to /etc/shadow's root line and /root/.ssh, the original's only login.
            problem = "username must be root for the docker runtime, got '" + spec.username() + "'";
        } else if (spec.password().isEmpty()) {
            problem = "password is required";
        } else if (spec.cpus() < 0 || spec.memoryBytes() < 0 || spec.pidsLimit() < 0) {
            problem = "cpus, memoryBytes and pidsLimit must be >= 0 (0 = no limit)";
        } else if (spec.gpuIds().stream().anyMatch(i -> i < 0)) {
            problem = "gpuIds must be device indices >= 0, got " + spec.gpuIds();
        } else {
            try {
                CredentialFiles.requireOneLine("userKey", spec.userKey());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            throw new RuntimeFailure("allocation " + id + ": " + problem);
        }
    }

    /** Writes the renter's key (line 1; the terminal slot starts empty) and root's shadow entry before start. */
    private void installCredentials(String containerId, RuntimeSpec spec) {
        Optional<ContainerFiles.FileRead> shadow = files.read(containerId, CredentialFiles.SHADOW);
        String updated = CredentialFiles.shadowWithPassword(
                shadow.map(f -> new String(f.content(), StandardCharsets.UTF_8)).orElse(null),
                spec.username(),
                PasswordHash.sha512Crypt(spec.password()),
                LocalDate.now(ZoneOffset.UTC).toEpochDay());
        files.write(containerId, List.of(
                new ContainerFiles.FileToWrite(CredentialFiles.AUTHORIZED_KEYS,
                        CredentialFiles.authorizedKeys(spec.userKey(), ""), 0600),
                new ContainerFiles.FileToWrite(CredentialFiles.SHADOW, updated.getBytes(StandardCharsets.UTF_8),
                        shadow.map(ContainerFiles.FileRead::mode).orElse(0600))));
    }

    /** Best-effort removal of everything made for the allocation; each step runs even if an earlier one failed. */
    private void discard(String id, String containerId, Path volumeDir) {
        if (containerId != null) {
            try {
                docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException ignored) {
                // already gone
            } catch (RuntimeException e) {
                log.warn("allocation {}: removing container failed: {}", id, DockerErrors.message(e));
            }
        }
        try {
            networks.remove(id);
        } catch (RuntimeException e) {
            log.warn("allocation {}: removing its network failed: {}", id, DockerErrors.message(e));
        }
        removeDerivedImage(id);
        if (volumeDir != null) {
            deleteTree(id, volumeDir);
        }
    }

    /** The allocation's derived image, if there is one and it is ours (images built before it carried the id). */
    private void removeDerivedImage(String id) {
        String tag = AllocationContainer.derivedImage(id);
        try {
            Map<String, String> labels = docker.inspectImageCmd(tag).exec().getConfig().getLabels();
            if (labels != null && "true".equals(labels.get(AllocationContainer.LABEL_MANAGED))) {
                docker.removeImageCmd(tag).withForce(true).exec();
            }
        } catch (NotFoundException | ConflictException ignored) {
            // none, or still used by something we do not own
        } catch (RuntimeException e) {
            log.warn("allocation {}: removing image {} failed: {}", id, tag, DockerErrors.message(e));
        }
    }

    private static void deleteTree(String id, Path dir) {
        // Guard against a label pointing at something like "/" or "/home".
        if (!dir.isAbsolute() || dir.getNameCount() < 2 || !Files.isDirectory(dir)) {
            return;
        }
        try {
            PathUtils.deleteDirectory(dir);
        } catch (IOException e) {
            log.warn("allocation {}: deleting volume {} failed: {}", id, dir, e.toString());
        }
    }

    private Optional<InspectContainerResponse> inspect(String allocationId) {
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(AllocationContainer.name(allocationId)).exec();
            // A container that merely has our name pattern but not our labels is not ours: leave it alone.
            if (!AllocationContainer.isOurs(c.getConfig().getLabels(), allocationId)) {
                return Optional.empty();
            }
            return Optional.of(c);
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private InspectContainerResponse require(String allocationId) {
        if (!AllocationContainer.isValidId(allocationId)) {
            throw new RuntimeFailure("allocation " + allocationId + ": no such allocation");
        }
        return inspect(allocationId).orElseThrow(() ->
                new RuntimeFailure("allocation " + allocationId + ": no such allocation on this engine"));
    }

    private static Ports.Binding sshBinding(InspectContainerResponse c) {
        Ports ports = c.getHostConfig().getPortBindings();
        if (ports == null) {
            return null;
        }
        Ports.Binding[] bindings = ports.getBindings().get(ContainerSettings.SSH);
        return bindings == null || bindings.length == 0 ? null : bindings[0];
    }

    private static RuntimeFailure failure(String id, String operation, Exception e) {
        if (e instanceof RuntimeFailure rf) {
            return rf;
        }
        return new RuntimeFailure("allocation " + id + ": " + operation + " failed: " + DockerErrors.message(e), e);
    }

    private <T> T locked(String allocationId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(allocationId, k -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
