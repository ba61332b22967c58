package io.computeregister.miner.runtime.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.miner.runtime.ContainerRuntime.KeySlot;
import io.computeregister.miner.runtime.ContainerRuntime.RuntimeFailure;
import io.computeregister.miner.runtime.ContainerRuntime.Started;
import io.computeregister.miner.runtime.ContainerRuntime.State;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortPool;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxRuntimeTest {

    private static final Duration LOGIN = Duration.ofSeconds(10);
    private static final Duration HANG = Duration.ofMillis(1500);
    /** Shared with nothing else in this module's tests; each test takes its ports from here. */
    private static final HostPorts HOST_PORTS = new HostPorts(PortRange.parse("--ssh-ports", "42100-42199"),
            "127.0.0.1");
    private static final PortPool PORTS = new PortPool(HOST_PORTS);

    @TempDir
    Path dataDir;

    private SandboxRuntime runtime;
    private SshTestClient ssh;

    @BeforeEach
    void setUp() {
        runtime = new SandboxRuntime(new SandboxSettings(HOST_PORTS), dataDir);
        ssh = new SshTestClient();
    }

    @AfterEach
    void tearDown() {
        ssh.close();
        for (String id : runtime.list()) {
            runtime.remove(id);
        }
        runtime.close();
    }

    @Test
    void password_and_key_logins_run_commands_in_the_allocation_directory() throws Exception {
        KeyPair renter = newKey();
        Started started = runtime.start(spec("pw-Secret1", renter.getPublic()));
        Path home = runtime.homeOf(started.allocationId());

        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN)) {
            assertThat(SshTestClient.exec(session, "echo hello", LOGIN)).isEqualTo("hello\n");
            assertThat(SshTestClient.exec(session, "pwd; echo $HOME; echo kept > note", LOGIN))
                    .isEqualTo("/root\n/root\n");
        }
        assertThat(home.resolve("note")).as("/root inside is the allocation's home outside").hasContent("kept");
        try (ClientSession session = ssh.loginWithKey(started.sshPort(), "root", renter, LOGIN)) {
            assertThat(SshTestClient.exec(session, "echo hello", LOGIN)).isEqualTo("hello\n");
        }
        assertThat(runtime.state(started.allocationId())).isEqualTo(State.RUNNING);
        assertThat(runtime.list()).containsExactly(started.allocationId());
    }

    @Test
    void openssh_client_runs_a_command_with_an_ed25519_key() throws Exception {
        Path sshBinary = Path.of("/usr/bin/ssh");
        Path keygen = Path.of("/usr/bin/ssh-keygen");
        Assumptions.assumeTrue(Files.isExecutable(sshBinary) && Files.isExecutable(keygen),
                "OpenSSH client not installed; skipping the interop check");
        Path keyFile = dataDir.resolve("id_ed25519");
        run(List.of(keygen.toString(), "-q", "-t", "ed25519", "-N", "", "-f", keyFile.toString()));
        String publicLine = Files.readString(dataDir.resolve("id_ed25519.pub")).strip();
        int port = PORTS.reserve().port();
        Started started = runtime.start(new RuntimeSpec(UUID.randomUUID().toString(), null, 1, 0, 0, List.of(), port,
                "127.0.0.1", "root", "pw-Secret1", publicLine, null, null));

        String out = run(List.of(sshBinary.toString(), "-i", keyFile.toString(), "-p",
                Integer.toString(started.sshPort()), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR",
                "root@127.0.0.1", "echo", "hi"));

        assertThat(out).isEqualTo("hi\n");
    }

    @Test
    void wrong_password_wrong_user_and_unknown_key_are_refused() throws Exception {
        Started started = runtime.start(spec("pw-Secret1", newKey().getPublic()));

        assertThatThrownBy(() -> ssh.loginWithPassword(started.sshPort(), "root", "pw-wrong", LOGIN).close())
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ssh.loginWithPassword(started.sshPort(), "admin", "pw-Secret1", LOGIN).close())
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> ssh.loginWithKey(started.sshPort(), "root", newKey(), LOGIN).close())
                .isInstanceOf(IOException.class);
    }

    @Test
    void replace_key_lets_the_new_key_in_and_keeps_the_old_one_out() throws Exception {
        KeyPair oldKey = newKey();
        KeyPair newKey = newKey();
        KeyPair terminal = newKey();
        Started started = runtime.start(spec("pw-Secret1", oldKey.getPublic()));

        runtime.replaceKey(started.allocationId(), KeySlot.USER, line(newKey.getPublic()));
        runtime.replaceKey(started.allocationId(), KeySlot.TERMINAL, line(terminal.getPublic()));

        try (ClientSession session = ssh.loginWithKey(started.sshPort(), "root", newKey, LOGIN)) {
            assertThat(SshTestClient.exec(session, "echo in", LOGIN)).isEqualTo("in\n");
        }
        try (ClientSession session = ssh.loginWithKey(started.sshPort(), "root", terminal, LOGIN)) {
            assertThat(SshTestClient.exec(session, "echo terminal", LOGIN)).isEqualTo("terminal\n");
        }
        assertThatThrownBy(() -> ssh.loginWithKey(started.sshPort(), "root", oldKey, LOGIN).close())
                .isInstanceOf(IOException.class);
        assertThat(Files.readAllLines(runtime.directoryOf(started.allocationId()).resolve(".sandbox/authorized_keys")))
                .containsExactly(line(newKey.getPublic()), line(terminal.getPublic()));
    }

    @Test
    void replace_key_refuses_text_that_is_not_one_public_key_line() {
        Started started = runtime.start(spec("pw-Secret1", newKey().getPublic()));

        assertThatThrownBy(() -> runtime.replaceKey(started.allocationId(), KeySlot.USER, "hello world"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssh_key");
        assertThatThrownBy(() -> runtime.replaceKey(started.allocationId(), KeySlot.USER,
                line(newKey().getPublic()) + "\n" + line(newKey().getPublic())))
                .hasMessageContaining("single authorized_keys line");
    }

    @Test
    void pause_makes_new_logins_hang_and_freezes_open_sessions_until_unpause() throws Exception {
        Started started = runtime.start(spec("pw-Secret1", null));
        ClientSession open = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN);

        runtime.pause(started.allocationId());

        assertThat(runtime.state(started.allocationId())).isEqualTo(State.PAUSED);
        long begin = System.nanoTime();
        assertThatThrownBy(() -> ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", HANG).close())
                .isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(HANG.minusMillis(100));
        CompletableFuture<String> frozen = CompletableFuture.supplyAsync(() -> {
            try {
                return SshTestClient.exec(open, "echo thawed", Duration.ofSeconds(30));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(HANG.toMillis());
        assertThat(frozen).isNotDone();

        runtime.unpause(started.allocationId());

        assertThat(frozen.get(20, TimeUnit.SECONDS)).isEqualTo("thawed\n");
        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN)) {
            assertThat(SshTestClient.exec(session, "echo back", LOGIN)).isEqualTo("back\n");
        }
        open.close();
        assertThat(runtime.state(started.allocationId())).isEqualTo(State.RUNNING);
    }

    @Test
    void pause_stops_the_allocation_processes_and_unpause_lets_them_run_on() throws Exception {
        Started started = runtime.start(spec("pw-Secret1", null));
        Path counter = runtime.homeOf(started.allocationId()).resolve("counter");
        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN);
                var loop = session.createExecChannel(
                        "i=0; while :; do i=$((i+1)); echo $i > counter; sleep 0.05; done")) {
            loop.open().verify(LOGIN);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(counter) && count(counter) > 2);

            runtime.pause(started.allocationId());
            Thread.sleep(200); // let a write that was under way finish
            long frozenAt = count(counter);
            Thread.sleep(600);
            assertThat(count(counter)).isEqualTo(frozenAt);

            runtime.unpause(started.allocationId());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> count(counter) > frozenAt + 2);
        }
    }

    private static long count(Path counter) {
        try {
            String text = Files.readString(counter).strip();
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    @Test
    void restart_keeps_password_keys_and_host_key() throws Exception {
        KeyPair renter = newKey();
        Started started = runtime.start(spec("pw-Secret1", renter.getPublic()));
        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN)) {
            SshTestClient.exec(session, "echo before > note.txt", LOGIN);
        }
        PublicKey hostKeyBefore = ssh.lastServerKey();

        runtime.restart(started.allocationId());

        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN)) {
            assertThat(SshTestClient.exec(session, "cat note.txt", LOGIN)).isEqualTo("before\n");
        }
        assertThat(ssh.lastServerKey()).isEqualTo(hostKeyBefore);
        try (ClientSession session = ssh.loginWithKey(started.sshPort(), "root", renter, LOGIN)) {
            assertThat(SshTestClient.exec(session, "echo key", LOGIN)).isEqualTo("key\n");
        }
    }

    @Test
    void a_new_runtime_sees_allocations_as_stopped_and_restart_brings_them_back() throws Exception {
        Started started = runtime.start(spec("pw-Secret1", null));
        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN)) {
            SshTestClient.exec(session, "true", LOGIN);
        }
        PublicKey hostKeyBefore = ssh.lastServerKey();
        runtime.close();

        runtime = new SandboxRuntime(new SandboxSettings(HOST_PORTS), dataDir);
        assertThat(runtime.list()).containsExactly(started.allocationId());
        assertThat(runtime.state(started.allocationId())).isEqualTo(State.STOPPED);
        runtime.restart(started.allocationId());

        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN)) {
            assertThat(SshTestClient.exec(session, "echo revived", LOGIN)).isEqualTo("revived\n");
        }
        assertThat(ssh.lastServerKey()).isEqualTo(hostKeyBefore);
    }

    @Test
    void remove_deletes_the_directory_and_frees_the_port() throws Exception {
        Started started = runtime.start(spec("pw-Secret1", null));
        Path home = runtime.directoryOf(started.allocationId());
        try (ClientSession session = ssh.loginWithPassword(started.sshPort(), "root", "pw-Secret1", LOGIN)) {
            SshTestClient.exec(session, "mkdir -p work && echo x > work/file", LOGIN);
        }

        runtime.remove(started.allocationId());
        PORTS.release(started.sshPort());

        assertThat(home).doesNotExist();
        assertThat(runtime.state(started.allocationId())).isEqualTo(State.MISSING);
        assertThat(runtime.list()).isEmpty();
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", started.sshPort()));
        }
        runtime.remove(started.allocationId()); // removing again is not an error
    }

    @Test
    void two_allocations_run_side_by_side_on_their_own_ports_and_passwords() throws Exception {
        Started a = runtime.start(spec("pw-AAAA", null));
        Started b = runtime.start(spec("pw-BBBB", null));

        assertThat(a.sshPort()).isNotEqualTo(b.sshPort());
        try (ClientSession sa = ssh.loginWithPassword(a.sshPort(), "root", "pw-AAAA", LOGIN);
                ClientSession sb = ssh.loginWithPassword(b.sshPort(), "root", "pw-BBBB", LOGIN)) {
            SshTestClient.exec(sa, "echo a > mine", LOGIN);
            SshTestClient.exec(sb, "echo b > mine", LOGIN);
            assertThat(SshTestClient.exec(sa, "cat mine", LOGIN)).isEqualTo("a\n");
            assertThat(SshTestClient.exec(sb, "cat mine", LOGIN)).isEqualTo("b\n");
        }
        assertThatThrownBy(() -> ssh.loginWithPassword(a.sshPort(), "root", "pw-BBBB", LOGIN).close())
                .isInstanceOf(IOException.class);
        runtime.pause(a.allocationId());
        try (ClientSession sb = ssh.loginWithPassword(b.sshPort(), "root", "pw-BBBB", LOGIN)) {
            assertThat(SshTestClient.exec(sb, "echo unaffected", LOGIN)).isEqualTo("unaffected\n");
        }
        assertThat(runtime.list()).containsExactlyInAnyOrder(a.allocationId(), b.allocationId());
    }

    @Test
    void a_taken_port_fails_the_start_and_leaves_nothing_behind() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            RuntimeSpec spec = new RuntimeSpec(UUID.randomUUID().toString(), null, 1, 0, 0, List.of(), taken.getLocalPort(),
                    "127.0.0.1", "root", "pw-Secret1", "", null, null);

            assertThatThrownBy(() -> runtime.start(spec)).isInstanceOf(RuntimeFailure.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageNotContaining("pw-Secret1");
            assertThat(runtime.directoryOf(spec.allocationId())).doesNotExist();
            assertThat(runtime.state(spec.allocationId())).isEqualTo(State.MISSING);
        }
    }

    @Test
    void without_bubblewrap_the_runtime_refuses_to_open_saying_what_to_install() {
        SandboxSettings noBubblewrap = new SandboxSettings(HOST_PORTS, dataDir.resolve("nowhere/bwrap").toString());

        assertThatThrownBy(() -> noBubblewrap.open(dataDir.resolve("other-miner")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--runtime sandbox")
                .hasMessageContaining("nowhere/bwrap")
                .hasMessageContaining("apt-get install bubblewrap");
    }

    @Test
    void unsafe_ids_and_bad_keys_are_refused_before_anything_is_written() {
        RuntimeSpec traversal = new RuntimeSpec("../escape", null, 1, 0, 0, List.of(), 42199, "127.0.0.1", "root", "pw", "",
                null, null);
        RuntimeSpec badKey = new RuntimeSpec(UUID.randomUUID().toString(), null, 1, 0, 0, List.of(), 42199, "127.0.0.1",
                "root", "pw", "not a key", null, null);

        assertThatThrownBy(() -> runtime.start(traversal)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allocation id");
        assertThatThrownBy(() -> runtime.start(badKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ssh_key");
        assertThat(runtime.list()).isEmpty();
    }

    private RuntimeSpec spec(String password, PublicKey userKey) {
        int port = PORTS.reserve().port();
        return new RuntimeSpec(UUID.randomUUID().toString(), "ignored", 2, 1L << 30, 100, List.of(), port, "127.0.0.1",
                "root", password, userKey == null ? "" : line(userKey), null, null);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s said: %s", command.get(0), output).isZero();
        return output;
    }

    private static String line(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
