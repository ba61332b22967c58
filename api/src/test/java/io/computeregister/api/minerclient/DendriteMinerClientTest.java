package io.computeregister.api.minerclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.allocate.DockerRequirement;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Failures of the transport become typed results, never exceptions (the allocation path relies on it). */
class DendriteMinerClientTest {

    private static final Duration SHORT = Duration.ofSeconds(2);
    private static final DeviceRequirement ANY = DeviceRequirement.of(1, "", 0, 1, 1);

    @Test
    void a_miner_nobody_listens_for_is_unreachable_failed_or_unconfirmed_never_an_exception() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        MinerAddress miner = new MinerAddress(Keypair.fromSuri("//Bob").ss58Address(), "127.0.0.1", closedPort);
        try (Dendrite dendrite = Dendrite.create(Keypair.fromSuri("//Alice"))) {
            DendriteMinerClient client = new DendriteMinerClient(dendrite, SHORT, SHORT, SHORT);

            assertThat(client.probe(miner, null, 1)).isInstanceOfSatisfying(MinerClient.ProbeResult.Unreachable.class,
                    u -> assertThat(u.reason()).contains("503"));
            AllocateOrder order = AllocateOrder.withFreshKeys(1, ANY, DockerRequirement.requestDefaults());
            assertThat(client.allocate(miner, order)).isInstanceOf(MinerClient.AllocateResult.Failed.class);
            assertThat(client.deallocate(miner, order.publicKeyPem()).confirmed()).isFalse();
            assertThat(client.action(miner, order.publicKeyPem(), DockerAction.of(DockerAction.PAUSE)).confirmed())
                    .isFalse();
        }
    }

    /**
     * Fix of docs/compatibility.md row 15: an original miner publishes allocated=null after an action sent with
     * timeline 0.
     */
    @Test
    void docker_actions_reach_the_axon_with_the_given_timeline_and_never_with_zero() {
        Keypair minerKey = Keypair.fromSuri("//Bob");
        List<Allocate> received = new CopyOnWriteArrayList<>();
        try (AxonServer axon = AxonServer.builder(minerKey).host("127.0.0.1").port(0).build()
                .attach(Allocate.class, a -> {
                    received.add(a);
                    return a.output(Map.of("status", true));
                }).start();
             Dendrite dendrite = Dendrite.create(Keypair.fromSuri("//Alice"))) {
            MinerAddress miner = new MinerAddress(minerKey.ss58Address(), "127.0.0.1", axon.port());
            DendriteMinerClient client = new DendriteMinerClient(dendrite, SHORT, SHORT, SHORT);
            String regkey = AllocateOrder.withFreshKeys(1, ANY, DockerRequirement.requestDefaults()).publicKeyPem();

            for (String action : List.of(DockerAction.RESTART, DockerAction.PAUSE, DockerAction.UNPAUSE)) {
                assertThat(client.action(miner, regkey, DockerAction.of(action), 17).confirmed()).isTrue();
            }
            assertThat(client.action(miner, regkey, DockerAction.of(DockerAction.PAUSE), 0).confirmed()).isTrue();
            assertThat(client.action(miner, regkey, DockerAction.of(DockerAction.UNPAUSE)).confirmed()).isTrue();

            assertThat(received).extracting(Allocate::timeline).containsExactly(17, 17, 17, 1, 1);
            assertThat(received).allSatisfy(a -> {
                assertThat(a.dockerChange()).isTrue();
                assertThat(a.checking()).isFalse();
                assertThat(a.publicKey()).isEqualTo(regkey);
            });
            assertThat(received).extracting(a -> a.action().action())
                    .containsExactly("restart", "pause", "unpause", "pause", "unpause");
        }
    }

    @Test
    void a_miner_with_an_impossible_address_is_unreachable() {
        MinerAddress miner = new MinerAddress("5Fnone", "0.0.0.0", 0);
        try (Dendrite dendrite = Dendrite.create(Keypair.fromSuri("//Alice"))) {
            DendriteMinerClient client = new DendriteMinerClient(dendrite, SHORT, SHORT, SHORT);
            assertThat(client.probe(miner, null, 1)).isInstanceOfSatisfying(MinerClient.ProbeResult.Unreachable.class,
                    u -> assertThat(u.reason()).isEqualTo("no valid axon address"));
        }
    }

    @Test
    void the_order_never_prints_its_private_key() {
        AllocateOrder order = AllocateOrder.withFreshKeys(1, ANY, DockerRequirement.requestDefaults());
        assertThat(order.toString()).contains("privateKey=***").doesNotContain("PRIVATE");
        assertThat(order.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    }
}
