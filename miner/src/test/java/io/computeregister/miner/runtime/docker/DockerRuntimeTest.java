package io.computeregister.miner.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import io.computeregister.miner.runtime.ContainerRuntime.KeySlot;
import io.computeregister.miner.runtime.ContainerRuntime.RuntimeFailure;
import io.computeregister.miner.runtime.ContainerRuntime.State;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSpec;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.miner.testing.TestImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the real engine with the SSH test image (busybox + dropbear). The allocations most tests need are started
 * in parallel once (vfs makes each container a full copy of the image), each test owning the one it changes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerRuntimeTest {

    private static final String HOST = "127.0.0.1";
    private static final long MIB = 1024 * 1024;

    /** The runtime's data directory (the specs probe's disk); allocations' volumes go to each test's own. */
    @TempDir
    Path dataDir;

    private DockerClient docker;
    private DockerRuntime runtime;
    private String image;
    private final List<String> started = new ArrayList<>();
    private final List<String> foreignContainers = new ArrayList<>();

    private final KeyPair renterKey = SshLogin.newKey();
    private Allocation logins;   // password + key logins, restart
    private Allocation keys;     // key replacement
    private Allocation frozen;   // pause / unpause
    private Allocation second;   // side by side with different limits

    record Allocation(String id, int port, String password, RuntimeSpec spec) {}

    @BeforeAll
    void start_shared_allocations() throws Exception {
        image = TestImage.ensureBuilt();
        docker = DockerEngine.requireOrSkip();
        runtime = new DockerRuntime(DockerConnection.open(DockerEngine.host()), DockerRuntime.Options.defaults(),
                new DockerSettings(DockerEngine.host(), image, new HostPorts(new PortRange(2222, 2222), HOST)),
                dataDir);

        logins = allocation(0.5, 128 * MIB, 64, renterKey);
        keys = allocation(0, 0, 0, renterKey);
        frozen = allocation(0, 0, 0, renterKey);
        second = allocation(1.0, 256 * MIB, 100, renterKey);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> starts = new ArrayList<>();
            for (Allocation a : List.of(logins, keys, frozen, second)) {
                starts.add(pool.submit((Callable<Object>) () -> runtime.start(a.spec())));
            }
            for (Future<?> f : starts) {
                f.get();
            }
        }
    }

    @AfterAll
    void remove_everything() {
        if (runtime != null) {
            started.forEach(runtime::remove);
            assertThat(runtime.list()).doesNotContainAnyElementsOf(started);
            runtime.close();
        }
        for (String id : foreignContainers) {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void a_started_allocation_accepts_the_password_and_the_renters_key() throws IOException {
        assertThat(runtime.state(logins.id())).isEqualTo(State.RUNNING);

        assertThat(SshLogin.withPassword(HOST, logins.port(), "root", logins.password(), "echo via-password"))
                .isEqualTo("via-password\n");
        assertThat(SshLogin.withKey(HOST, logins.port(), "root", renterKey, "echo via-key"))
                .isEqualTo("via-key\n");
        assertThatThrownBy(() -> SshLogin.withPassword(HOST, logins.port(), "root", "wrong-password", "true"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void replacing_the_user_key_admits_the_new_key_rejects_the_old_and_keeps_the_terminal_key() throws IOException {
        KeyPair newUserKey = SshLogin.newKey();
        KeyPair terminalKey = SshLogin.newKey();

        runtime.replaceKey(keys.id(), KeySlot.TERMINAL, SshLogin.publicKeyLine(terminalKey));
        runtime.replaceKey(keys.id(), KeySlot.USER, SshLogin.publicKeyLine(newUserKey));

        assertThat(SshLogin.withKey(HOST, keys.port(), "root", newUserKey, "echo new")).isEqualTo("new\n");
        assertThat(SshLogin.withKey(HOST, keys.port(), "root", terminalKey, "echo terminal")).isEqualTo("terminal\n");
        assertThatThrownBy(() -> SshLogin.withKey(HOST, keys.port(), "root", renterKey, "true"))
                .isInstanceOf(IOException.class);
        assertThat(SshLogin.withPassword(HOST, keys.port(), "root", keys.password(), "cat /root/.ssh/authorized_keys"))
                .isEqualTo(SshLogin.publicKeyLine(newUserKey) + "\n" + SshLogin.publicKeyLine(terminalKey) + "\n");
    }

    @Test
    void a_key_with_a_line_break_is_refused() {
        assertThatThrownBy(() -> runtime.replaceKey(keys.id(), KeySlot.USER, "ssh-ed25519 AAAA\nssh-rsa BBBB"))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("publicKey");
    }

    @Test
    void pause_freezes_ssh_and_unpause_brings_it_back() throws IOException {
        runtime.pause(frozen.id());
        try {
            assertThat(runtime.state(frozen.id())).isEqualTo(State.PAUSED);
            assertThatThrownBy(() -> SshLogin.run(HOST, frozen.port(), "root", frozen.password(), null, "true",
                    Duration.ofSeconds(2)))
                    .isInstanceOf(IOException.class);
        } finally {
            runtime.unpause(frozen.id());
        }

        assertThat(runtime.state(frozen.id())).isEqualTo(State.RUNNING);
        assertThat(SshLogin.withPassword(HOST, frozen.port(), "root", frozen.password(), "echo thawed"))
                .isEqualTo("thawed\n");
    }

    @Test
    void restart_keeps_the_password_and_the_key() throws IOException {
        String bootBefore = SshLogin.withKey(HOST, logins.port(), "root", renterKey, "cat /proc/1/stat");

        runtime.restart(logins.id());

        assertThat(runtime.state(logins.id())).isEqualTo(State.RUNNING);
        // PID 1 started anew: its start time (field 22 of /proc/1/stat) differs.
        String bootAfter = SshLogin.withPassword(HOST, logins.port(), "root", logins.password(), "cat /proc/1/stat");
        assertThat(bootAfter.split(" ")[21]).isNotEqualTo(bootBefore.split(" ")[21]);
        assertThat(SshLogin.withKey(HOST, logins.port(), "root", renterKey, "echo still-mine")).isEqualTo("still-mine\n");
    }

    @Test
    void two_allocations_run_side_by_side_with_their_own_ports_and_limits() throws IOException {
        HostConfig first = docker.inspectContainerCmd("compute-alloc-" + logins.id()).exec().getHostConfig();
        HostConfig other = docker.inspectContainerCmd("compute-alloc-" + second.id()).exec().getHostConfig();

        assertThat(first.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(first.getMemory()).isEqualTo(128 * MIB);
        assertThat(first.getPidsLimit()).isEqualTo(64L);
        assertThat(other.getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(other.getMemory()).isEqualTo(256 * MIB);
        assertThat(other.getPidsLimit()).isEqualTo(100L);
        assertThat(first.getDeviceRequests()).isNullOrEmpty(); // gpus = 0: no device request at all
        assertThat(first.getInit()).isTrue();
        assertThat(first.getRestartPolicy().getName()).isEqualTo("unless-stopped");

        String hostA = SshLogin.withPassword(HOST, logins.port(), "root", logins.password(), "hostname");
        String hostB = SshLogin.withPassword(HOST, second.port(), "root", second.password(), "hostname");
        assertThat(hostA).isNotEqualTo(hostB);
        assertThat(runtime.list()).contains(logins.id(), second.id());
    }

    @Test
    void list_and_remove_ignore_containers_the_runtime_did_not_create() {
        String unlabelledTwin = UUID.randomUUID().toString();
        String foreign = docker.createContainerCmd(image)
                .withName("compute-alloc-" + unlabelledTwin) // our name pattern, but not our labels
                .exec().getId();
        foreignContainers.add(foreign);

        assertThat(runtime.list()).doesNotContain(unlabelledTwin).contains(logins.id());
        assertThat(runtime.state(unlabelledTwin)).isEqualTo(State.MISSING);
        runtime.remove(unlabelledTwin);
        assertThat(docker.inspectContainerCmd(foreign).exec().getId()).isEqualTo(foreign);
    }

    @Test
    void remove_leaves_no_container_and_no_volume(@TempDir Path tmp) throws IOException {
        Path volume = tmp.resolve("volumes/alloc");
        Allocation a = allocation(0, 0, 0, renterKey, volume, "");
        runtime.start(a.spec());
        SshLogin.withPassword(HOST, a.port(), "root", a.password(), "echo kept > /root/volume/file");
        assertThat(volume.resolve("file")).hasContent("kept");

        runtime.remove(a.id());

        assertThat(runtime.state(a.id())).isEqualTo(State.MISSING);
        assertThat(runtime.list()).doesNotContain(a.id());
        assertThatThrownBy(() -> docker.inspectContainerCmd("compute-alloc-" + a.id()).exec())
                .isInstanceOf(NotFoundException.class);
        assertThat(volume).doesNotExist();
        runtime.remove(a.id()); // removing again is not an error
    }

    @Test
    void a_build_step_runs_under_the_allocations_memory_limit_in_a_labelled_image_that_remove_deletes()
            throws IOException {
        // Two lines: both run as one shell script of one RUN step, not as Dockerfile instructions. The step records
        // the memory limit of the cgroup it runs in (v1, else v2).
        Allocation a = allocation(0, 256 * MIB, 0, renterKey, null, "echo first > /root/marker\n"
                + "echo second >> /root/marker; cat /sys/fs/cgroup/memory/memory.limit_in_bytes > /root/build-limit"
                + " || cat /sys/fs/cgroup/memory.max > /root/build-limit");
        runtime.start(a.spec());

        assertThat(SshLogin.withKey(HOST, a.port(), "root", renterKey, "cat /root/marker")).isEqualTo("first\nsecond\n");
        assertThat(SshLogin.withKey(HOST, a.port(), "root", renterKey, "cat /root/build-limit"))
                .as("the build ran with the allocation's memory limit").isEqualTo(256 * MIB + "\n");
        assertThat(docker.inspectImageCmd("compute-register/alloc:" + a.id()).exec().getConfig().getLabels())
                .containsEntry("io.computeregister.allocation", a.id());

        runtime.remove(a.id());
        assertThatThrownBy(() -> docker.inspectImageCmd("compute-register/alloc:" + a.id()).exec())
                .isInstanceOf(NotFoundException.class);
        assertThat(docker.listNetworksCmd().withNameFilter("compute-net-" + a.id()).exec()).isEmpty();
    }

    @Test
    void a_dockerfile_step_that_never_ends_is_cut_at_the_bound_and_leaves_nothing() {
        DockerRuntime bounded = new DockerRuntime(DockerConnection.open(DockerEngine.host()),
                new DockerRuntime.Options(Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(5)),
                new DockerSettings(DockerEngine.host(), image, new HostPorts(new PortRange(2222, 2222), HOST)),
                dataDir);
        String marker = "endless-" + UUID.randomUUID();
        Allocation a = allocation(0.5, 128 * MIB, 0, renterKey, null, "echo " + marker + "; while :; do sleep 1; done");
        try {
            assertThatThrownBy(() -> bounded.start(a.spec()))
                    .isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining(a.id())
                    .hasMessageContaining("did not finish within 5 s");

            assertThat(bounded.state(a.id())).isEqualTo(State.MISSING);
            assertThatThrownBy(() -> docker.inspectImageCmd("compute-register/alloc:" + a.id()).exec())
                    .isInstanceOf(NotFoundException.class);
            assertThat(bounded.leftovers()).doesNotContain(a.id());
            // the build's own container, running the endless step, is stopped and removed by the engine
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    docker.listContainersCmd().withShowAll(true).exec())
                    .noneMatch(c -> c.getCommand() != null && c.getCommand().contains(marker)));
        } finally {
            bounded.close();
        }
    }

    @Test
    void a_container_has_no_new_privileges_a_reduced_capability_set_and_a_network_of_its_own() throws IOException {
        var container = docker.inspectContainerCmd("compute-alloc-" + second.id()).exec();
        HostConfig host = container.getHostConfig();

        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).containsExactlyInAnyOrder(Capability.SETGID, Capability.SETUID,
                Capability.SYS_CHROOT, Capability.CHOWN, Capability.FOWNER, Capability.DAC_OVERRIDE, Capability.KILL,
                Capability.NET_BIND_SERVICE, Capability.AUDIT_WRITE);
        assertThat(container.getNetworkSettings().getNetworks()).containsOnlyKeys("compute-net-" + second.id());
        assertThat(docker.inspectNetworkCmd().withNetworkId("compute-net-" + second.id()).exec().getLabels())
                .containsEntry("io.computeregister.allocation", second.id());
        // what the renter's login shell holds: exactly those capabilities (bits 0 1 3 5 6 7 10 18 29) and no way up
        String status = SshLogin.withPassword(HOST, second.port(), "root", second.password(),
                "grep -E '^(CapBnd|NoNewPrivs)' /proc/self/status");
        assertThat(status).contains("CapBnd:\t00000000200404eb").contains("NoNewPrivs:\t1");
    }

    @Test
    void one_allocation_cannot_connect_to_anothers_ssh_port() throws IOException {
        var a = docker.inspectContainerCmd("compute-alloc-" + frozen.id()).exec().getNetworkSettings().getNetworks()
                .get("compute-net-" + frozen.id());
        var b = docker.inspectContainerCmd("compute-alloc-" + keys.id()).exec().getNetworkSettings().getNetworks()
                .get("compute-net-" + keys.id());
        // From inside A: its own sshd answers (the probe works), B's address and B's published port on A's gateway
        // (the host) do not.
        String probe = "r() { echo | timeout 3 nc $1 $2 2>/dev/null | head -c 7; echo \"|$1:$2\"; }; "
                + "r " + a.getIpAddress() + " 22; r " + b.getIpAddress() + " 22; r " + a.getGateway() + " " + keys.port();

        String out = SshLogin.run(HOST, frozen.port(), "root", frozen.password(), null, probe, Duration.ofSeconds(15));

        assertThat(out.lines().toList()).containsExactly(
                "SSH-2.0|" + a.getIpAddress() + ":22",
                "|" + b.getIpAddress() + ":22",
                "|" + a.getGateway() + ":" + keys.port());
        assertThat(SshLogin.withPassword(HOST, keys.port(), "root", keys.password(), "echo b-still-serves"))
                .isEqualTo("b-still-serves\n");
    }

    @Test
    void a_failing_build_step_fails_the_start_and_leaves_no_container_or_image() {
        Allocation a = allocation(0, 0, 0, renterKey, null, "echo building; exit 3");

        assertThatThrownBy(() -> runtime.start(a.spec()))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining(a.id())
                .hasMessageNotContaining(a.password());
        assertThat(runtime.state(a.id())).isEqualTo(State.MISSING);
        assertThatThrownBy(() -> docker.inspectImageCmd("compute-register/alloc:" + a.id()).exec())
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void a_taken_port_fails_cleanly_and_leaves_no_container() throws IOException {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            Allocation a = allocationOnPort(squatter.getLocalPort());

            assertThatThrownBy(() -> runtime.start(a.spec()))
                    .isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining(a.id())
                    .hasMessageContaining(String.valueOf(squatter.getLocalPort()))
                    .hasMessageNotContaining(a.password());
            assertThat(runtime.state(a.id())).isEqualTo(State.MISSING);
            assertThatThrownBy(() -> docker.inspectContainerCmd("compute-alloc-" + a.id()).exec())
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void bad_specs_are_refused_naming_the_field_before_anything_is_created() {
        String id = UUID.randomUUID().toString();
        RuntimeSpec badPort = new RuntimeSpec(id, image, 0, 0, 0, List.of(), 0, HOST, "root", "pw", "", null, "");
        RuntimeSpec badUser = new RuntimeSpec(id, image, 0, 0, 0, List.of(), 2222, HOST, "ubuntu", "pw", "", null, "");
        RuntimeSpec injectedImage = new RuntimeSpec(id, image + "\nRUN id", 0, 0, 0, List.of(), 2222, HOST, "root", "pw", "",
                null, "echo");
        RuntimeSpec missingImage = new RuntimeSpec(id, "compute-register/no-such-image:1", 0, 0, 0, List.of(), freePort(),
                HOST, "root", "pw", "", null, "");

        assertThatThrownBy(() -> runtime.start(badPort)).isInstanceOf(RuntimeFailure.class).hasMessageContaining("sshPort");
        assertThatThrownBy(() -> runtime.start(badUser)).isInstanceOf(RuntimeFailure.class).hasMessageContaining("username");
        assertThatThrownBy(() -> runtime.start(injectedImage)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("image must be");
        assertThatThrownBy(() -> runtime.start(missingImage)).isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("no-such-image").hasMessageContaining("nothing is pulled");
        assertThat(runtime.state(id)).isEqualTo(State.MISSING);
    }

    @Test
    void actions_on_an_unknown_allocation_fail_with_its_id() {
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> runtime.pause(id)).isInstanceOf(RuntimeFailure.class).hasMessageContaining(id);
        assertThatThrownBy(() -> runtime.restart(id)).isInstanceOf(RuntimeFailure.class).hasMessageContaining(id);
        assertThatThrownBy(() -> runtime.replaceKey(id, KeySlot.USER, "ssh-ed25519 AAAA"))
                .isInstanceOf(RuntimeFailure.class).hasMessageContaining(id);
    }

    private Allocation allocation(double cpus, long memory, long pids, KeyPair key) {
        return allocation(cpus, memory, pids, key, null, "");
    }

    private Allocation allocation(double cpus, long memory, long pids, KeyPair key, Path volume, String dockerfile) {
        String id = UUID.randomUUID().toString();
        int port = freePort();
        String password = "pw-" + UUID.randomUUID().toString().substring(0, 10);
        started.add(id);
        return new Allocation(id, port, password, new RuntimeSpec(id, image, cpus, memory, pids, List.of(), port, HOST, "root",
                password, SshLogin.publicKeyLine(key), volume, dockerfile));
    }

    private Allocation allocationOnPort(int port) {
        String id = UUID.randomUUID().toString();
        String password = "pw-" + UUID.randomUUID().toString().substring(0, 10);
        started.add(id);
        return new Allocation(id, port, password,
                new RuntimeSpec(id, image, 0, 0, 0, List.of(), port, HOST, "root", password, "", null, ""));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
