package io.computeregister.api.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.api.auth.AuthMode;
import io.computeregister.api.testing.ApiHarness;
import io.computeregister.api.testing.Fixtures;
import io.computeregister.api.testing.TestDb;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API only says "allocated" after the renter's SSH endpoint answers with an SSH banner. */
class SshVerificationTest {

    private static final SshCheck CHECK = SshCheck.tcp(Duration.ofSeconds(1), Duration.ofMillis(300));

    @Test
    void an_allocation_succeeds_when_the_ssh_port_answers_with_a_banner() throws Exception {
        try (ServerSocket sshd = new ServerSocket(0);
             TestDb db = TestDb.open(TestDb.Kind.SQLITE);
             ApiHarness api = new ApiHarness(db, AuthMode.KEYS, List.of(), CHECK)) {
            Thread.ofVirtual().start(() -> {
                while (!sshd.isClosed()) {
                    try (Socket s = sshd.accept(); OutputStream out = s.getOutputStream()) {
                        out.write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            api.miners.sshPort = sshd.getLocalPort();
            api.addMiners(Fixtures.miner("hk").build());
            var r = api.post("/service/allocate_hotkey?hotkey=hk", null, ApiHarness.ADMIN_KEY);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().path("data").path("ssh_port").asInt()).isEqualTo(sshd.getLocalPort());
        }
    }

    @Test
    void an_allocation_whose_ssh_never_answers_fails_and_leaves_nothing_behind() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TestDb db = TestDb.open(TestDb.Kind.SQLITE);
             ApiHarness api = new ApiHarness(db, AuthMode.KEYS, List.of(), CHECK)) {
            api.miners.sshPort = closedPort;
            api.addMiners(Fixtures.miner("hk").build());
            var r = api.post("/service/allocate_hotkey?hotkey=hk", null, ApiHarness.ADMIN_KEY);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body().path("err_detail").asText()).contains("ssh at 127.0.0.1:" + closedPort);
            assertThat(api.miners.containers).isEmpty();
            assertThat(db.store.heldMiners()).isEmpty();
            assertThat(db.store.listActiveAllocations(null)).isEmpty();
        }
    }
}
