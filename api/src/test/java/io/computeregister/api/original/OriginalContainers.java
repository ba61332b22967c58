package io.computeregister.api.original;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The Docker side of the original miner stand-in ({@code Miner/container.py}, docs/protocol.md §3.3-§3.4): its one
 * container, named {@code ssh-container} (or {@code ssh-test-container} for the validator's proof of GPU), found by
 * name as the original finds it, publishing container port 22 on the miner's one SSH port.
 *
 * <p>What differs from the original, because the test engine is shared and has no registry and no GPU:
 * <ul>
 *   <li>names get a per-stand-in prefix and a label, so two stand-ins (or other engineers' tests) never see each
 *       other's containers, and {@link #removeAll} removes only ours; dangling images are never pruned;</li>
 *   <li>the image is the SSH test image (busybox + dropbear), not {@code ssh-image} built from PyTorch. Its build
 *       step {@code echo 'root:PW' | chpasswd} cannot run there (busybox has no chpasswd), so the SHA-512 crypt hash
 *       and the {@code authorized_keys} line are copied in through Docker's archive API ({@code docker cp}) into the
 *       created container before it starts: the same files the original's build wrote. The request's
 *       {@code dockerfile} step is not run;</li>
 *   <li>no GPU device request (the engine has no NVIDIA runtime) and no {@code shm_size};</li>
 *   <li>port 22 is published on 127.0.0.1 only (the original: all interfaces), this being a shared machine;</li>
 *   <li>kill removes the container by force instead of {@code kill -15 1} + wait + remove: the same end state.</li>
 * </ul>
 */
final class OriginalContainers {

    static final String LABEL = "io.computeregister.test.original-miner";
    static final String CONTAINER = "ssh-container";
    static final String TEST_CONTAINER = "ssh-test-container";
    private static final String PASSWORD_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String SALT_ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String AUTHORIZED_KEYS = "/root/.ssh/authorized_keys";

    private final DockerClient docker;
    private final String image;
    private final String instance;
    private final String prefix;
    private final int sshPort;
    private final SecureRandom random = new SecureRandom();

    OriginalContainers(DockerClient docker, String image, String instance, int sshPort) {
        this.docker = docker;
        this.image = image;
        this.instance = instance;
        this.prefix = "cr-original-" + instance + "-";
        this.sshPort = sshPort;
    }

    /** A container of ours and its state ("running", "paused", "exited", ...). */
    record Found(String id, String name, String state) {
        boolean running() {
            return "running".equals(state);
        }
    }

    /** {@code check_container}: is {@code ssh-test-container} or {@code ssh-container} in state running? */
    boolean anyRunning() {
        return ours().stream().anyMatch(c -> (named(c, TEST_CONTAINER) || named(c, CONTAINER)) && c.running());
    }

    /**
     * {@code kill_container}: the test container if there is one, else {@code ssh-container}; removed whatever its
     * state. True also when there was none; false only when Docker failed.
     */
    boolean kill() {
        try {
            Optional<Found> victim = exactly(TEST_CONTAINER).or(() -> exactly(CONTAINER));
            victim.ifPresent(c -> docker.removeContainerCmd(c.id()).withForce(true).exec());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code password_generator(10)}: 10 characters of [A-Za-z0-9] from a CSPRNG. */
    String password() {
        StringBuilder sb = new StringBuilder(10);
        for (int i = 0; i < 10; i++) sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        return sb.toString();
    }

    /**
     * {@code run_container}: creates the container with root's password and {@code authorized_keys}, starts it, and
     * answers whether Docker reported it "created" (the original's success test: the status seen at creation).
     */
    boolean run(boolean testing, String password, String sshKey) {
        String name = prefix + (testing ? TEST_CONTAINER : CONTAINER);
        ExposedPort ssh = ExposedPort.tcp(22);
        String id = docker.createContainerCmd(image)
                .withName(name)
                .withLabels(Map.of(LABEL, instance))
                .withExposedPorts(ssh)
                .withHostConfig(HostConfig.newHostConfig()
                        .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", sshPort), ssh))
                        .withInit(true)
                        .withRestartPolicy(RestartPolicy.onFailureRestart(3)))
                .exec()
                .getId();
        String status = docker.inspectContainerCmd(id).exec().getState().getStatus();
        long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        String shadow = "root:" + sha512Crypt(password) + ":" + today + ":0:99999:7:::\n"
                + "nobody:*:" + today + ":0:99999:7:::\n";
        // echo '{ssh_key}' > /root/.ssh/authorized_keys: the key and echo's newline.
        write(id, Map.of("/etc/shadow", shadow, AUTHORIZED_KEYS, (sshKey == null ? "" : sshKey) + "\n"));
        docker.startContainerCmd(id).exec();
        return "created".equals(status);
    }

    /**
     * docs/protocol.md §3.4 restart: the first container whose name contains ssh-container; only a running one is
     * restarted.
     */
    boolean restart() {
        Optional<Found> c = containing(CONTAINER);
        if (c.isEmpty()) return false;
        if (c.get().running()) docker.restartContainerCmd(c.get().id()).withTimeout(10).exec();
        return true;
    }

    boolean pause() {
        Optional<Found> c = containing(CONTAINER);
        c.ifPresent(found -> docker.pauseContainerCmd(found.id()).exec());
        return c.isPresent();
    }

    boolean unpause() {
        Optional<Found> c = containing(CONTAINER);
        c.ifPresent(found -> docker.unpauseContainerCmd(found.id()).exec());
        return c.isPresent();
    }

    /**
     * docs/protocol.md §3.4 exchange_key: in a running container, replace line 1 ("user") or line 2 ("terminal") of
     * {@code authorized_keys}, write both back and restart; another key_type is false; a container that does not run
     * is left alone (true).
     */
    boolean exchangeKey(String newKey, String keyType) {
        Optional<Found> c = containing(CONTAINER);
        if (c.isEmpty()) return false;
        if (!c.get().running()) return true;
        String[] lines = read(c.get().id(), AUTHORIZED_KEYS).split("\n", -1);
        String user = lines[0];
        String terminal = lines.length > 1 ? lines[1] : "";
        switch (keyType) {
            case "terminal" -> terminal = newKey;
            case "user" -> user = newKey;
            default -> {
                return false;
            }
        }
        write(c.get().id(), Map.of(AUTHORIZED_KEYS, user + "\n" + terminal + "\n"));
        docker.restartContainerCmd(c.get().id()).withTimeout(10).exec();
        return true;
    }

    /** The container of this stand-in, if one exists. */
    Optional<Found> current() {
        return exactly(TEST_CONTAINER).or(() -> exactly(CONTAINER));
    }

    /** Removes every container this stand-in made (and nothing else). */
    void removeAll() {
        for (Found c : ours()) {
            try {
                docker.removeContainerCmd(c.id()).withForce(true).exec();
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    private Optional<Found> exactly(String name) {
        return ours().stream().filter(c -> named(c, name)).findFirst();
    }

    private Optional<Found> containing(String name) {
        return ours().stream().filter(c -> c.name().contains(prefix + name)).findFirst();
    }

    private boolean named(Found c, String name) {
        return c.name().equals(prefix + name);
    }

    private List<Found> ours() {
        List<Container> containers = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL, instance)).exec();
        return containers.stream()
                .map(c -> new Found(c.getId(), c.getNames()[0].replaceFirst("^/", ""), c.getState()))
                .toList();
    }

    private String sha512Crypt(String password) {
        StringBuilder salt = new StringBuilder("$6$");
        for (int i = 0; i < 16; i++) salt.append(SALT_ALPHABET.charAt(random.nextInt(SALT_ALPHABET.length())));
        return Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), salt.toString());
    }

    /** Writes files (owner root, mode 0600) into the container through the archive API: no shell, no exec. */
    private void write(String id, Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(f.getKey().substring(1));
                entry.setMode(0100600);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        docker.copyArchiveToContainerCmd(id).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(bytes.toByteArray())).exec();
    }

    private String read(String id, String path) {
        try (InputStream in = docker.copyArchiveFromContainerCmd(id, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            tar.getNextEntry();
            return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
