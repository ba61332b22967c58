package io.computeregister.api.original;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.computeregister.api.minerclient.AllocateOrder;
import io.computeregister.api.minerclient.DendriteMinerClient;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient.AllocateResult;
import io.computeregister.api.minerclient.MinerClient.Confirmation;
import io.computeregister.api.minerclient.MinerClient.ProbeResult;
import io.computeregister.protocol.allocate.DockerRequirement;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.dendrite.AxonTarget;
import io.computeregister.bittensor.dendrite.Dendrite;
import io.computeregister.bittensor.dendrite.DendriteResponse;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.protocol.allocate.Allocate;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.envelope.AllocationInfo;
import io.computeregister.protocol.envelope.RsaEnvelope;
import io.computeregister.protocol.specs.Specs;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original-miner stand-in driven by our real {@link DendriteMinerClient} (and, for the rows our client never
 * sends, by raw {@code Allocate} synapses): each row of the docs/protocol.md §3.2 dispatch table, credentials that
 * decrypt with the request's private key and log in over SSH, one container per miner, the key check on deallocation
 * only.
 */
class OriginalMinerTest {

    private static final Keypair API = Keypair.fromSuri("//Alice");
    private static final Keypair MINER = Keypair.fromSuri("//Bob");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** What the original API asks for in allocate_spec with no GPU (docs/protocol.md §2.3). */
    private static final DeviceRequirement CPU_ONLY = DeviceRequirement.of(1, "", 0, 1, 1);

    @TempDir
    Path workDir;

    private final List<String> allocatedHook = Collections.synchronizedList(new ArrayList<>());
    private OriginalMiner miner;
    private Dendrite dendrite;
    private DendriteMinerClient client;
    private MinerAddress address;

    @BeforeEach
    void start() {
        miner = OriginalMiner.start(MINER, workDir, allocatedHook::add);
        dendrite = Dendrite.create(API);
        client = new DendriteMinerClient(dendrite, TIMEOUT, TIMEOUT, TIMEOUT);
        address = new MinerAddress(miner.hotkey(), "127.0.0.1", miner.axonPort());
    }

    @AfterEach
    void stop() {
        if (dendrite != null) dendrite.close();
        if (miner != null) miner.close();
    }

    @Test
    void specs_is_answered_404_as_a_python_axon_answers_a_synapse_it_does_not_serve() {
        DendriteResponse<Specs> reply = dendrite.callBlocking(target(), new Specs(), TIMEOUT);

        assertThat(reply.statusCode()).isEqualTo(404);
        assertThat(reply.statusMessage()).contains("Specs");
    }

    @Test
    void probe_allocate_ssh_and_deallocate_follow_the_dispatch_table() throws Exception {
        KeyPair renter = SshLogin.newKey();
        AllocateOrder order = AllocateOrder.withFreshKeys(1, CPU_ONLY,
                DockerRequirement.requestDefaults().withSshKey(SshLogin.publicKeyLine(renter)));
        AllocateOrder stranger = AllocateOrder.withFreshKeys(1, CPU_ONLY, DockerRequirement.requestDefaults());

        // checking, timeline > 0: nothing runs, so available; checking, timeline <= 0: nobody's key is stored.
        assertThat(client.probe(address, null, 1)).isInstanceOf(ProbeResult.Available.class);
        assertThat(raw(checkKey(order.publicKeyPem())).output()).containsEntry("status", false);

        // allocate: status true, info = RSA-OAEP of Python's json.dumps of the credentials, port = --ssh.port.
        Allocate allocated = raw(new Allocate().checking(false).timeline(1).deviceRequirement(CPU_ONLY.toWire())
                .dockerRequirement(order.docker().toWire()).publicKey(order.publicKeyPem()));
        assertThat(allocated.output()).containsEntry("status", true).containsEntry("port", miner.sshPort());
        String plaintext = RsaEnvelope.decryptFromBase64(order.privateKey(), (String) allocated.output().get("info"));
        AllocationInfo info = order.decryptInfo((String) allocated.output().get("info"));
        assertThat(plaintext).isEqualTo("{\"username\": \"root\", \"password\": \"" + info.password()
                + "\", \"port\": " + miner.sshPort() + ", \"version\": 183}");
        assertThat(info.password()).matches("[A-Za-z0-9]{10}");
        assertThat(miner.container()).hasValueSatisfying(c -> {
            assertThat(c.name()).endsWith("-ssh-container");
            assertThat(c.state()).isEqualTo("running");
        });

        // The renter logs in with the decrypted password, and with the key it sent.
        assertThat(login(info.password())).isEqualTo("logged-in\n");
        assertThat(SshLogin.withKey("127.0.0.1", miner.sshPort(), "root", renter, "echo by-key")).isEqualTo("by-key\n");

        // Busy now; checking with timeline <= 0 confirms only the allocation's own key.
        assertThat(client.probe(address, null, 1)).isInstanceOf(ProbeResult.Busy.class);
        assertThat(raw(checkKey(order.publicKeyPem())).output()).containsEntry("status", true);
        assertThat(raw(checkKey(stranger.publicKeyPem())).output()).containsEntry("status", false);

        // deallocate: another key is refused and leaves the container; the allocation's key removes it.
        assertThat(client.deallocate(address, stranger.publicKeyPem())).isInstanceOf(Confirmation.Denied.class);
        assertThat(miner.container()).isPresent();
        assertThat(client.deallocate(address, order.publicKeyPem())).isInstanceOf(Confirmation.Confirmed.class);
        assertThat(miner.container()).isEmpty();
        assertThat(client.probe(address, null, 1)).isInstanceOf(ProbeResult.Available.class);

        // update_allocation: the caller after the allocation, null after the deallocation; probes report nothing.
        assertThat(allocatedHook).containsExactly(API.ss58Address(), null);
    }

    @Test
    void a_second_allocation_kills_the_first_container_and_takes_over_its_key() {
        AllocateOrder first = AllocateOrder.withFreshKeys(1, CPU_ONLY, DockerRequirement.requestDefaults());
        AllocateOrder second = AllocateOrder.withFreshKeys(1, CPU_ONLY, DockerRequirement.requestDefaults());

        assertThat(client.allocate(address, first)).isInstanceOf(AllocateResult.Allocated.class);
        String firstContainer = miner.container().orElseThrow().id();
        AllocateResult taken = client.allocate(address, second);

        assertThat(taken).isInstanceOf(AllocateResult.Allocated.class);
        assertThat(miner.container()).hasValueSatisfying(c -> assertThat(c.id()).isNotEqualTo(firstContainer));
        assertThat(login(((AllocateResult.Allocated) taken).credentials().password())).isEqualTo("logged-in\n");
        assertThat(client.deallocate(address, first.publicKeyPem())).isInstanceOf(Confirmation.Denied.class);
        assertThat(client.deallocate(address, second.publicKeyPem())).isInstanceOf(Confirmation.Confirmed.class);
    }

    @Test
    void docker_actions_act_on_the_one_container_whoever_asks_and_an_unknown_action_has_no_status()
            throws Exception {
        AllocateOrder order = AllocateOrder.withFreshKeys(1, CPU_ONLY, DockerRequirement.requestDefaults());
        String strangersKey = AllocateOrder.withFreshKeys(1, CPU_ONLY, DockerRequirement.requestDefaults()).publicKeyPem();
        AllocateResult.Allocated allocated = (AllocateResult.Allocated) client.allocate(address, order);

        // public_key is not checked for actions (docs/protocol.md §3.2): a stranger's key pauses and unpauses the
        // renter's container.
        assertThat(client.action(address, strangersKey, DockerAction.of(DockerAction.PAUSE), 1))
                .isInstanceOf(Confirmation.Confirmed.class);
        assertThat(miner.container().orElseThrow().state()).isEqualTo("paused");
        assertThat(client.probe(address, null, 1)).as("a paused container counts as not running")
                .isInstanceOf(ProbeResult.Available.class);
        assertThat(client.action(address, strangersKey, DockerAction.of(DockerAction.RESUME), 1))
                .isInstanceOf(Confirmation.Confirmed.class);
        assertThat(client.probe(address, null, 1)).isInstanceOf(ProbeResult.Busy.class);

        assertThat(client.action(address, strangersKey, DockerAction.of(DockerAction.RESTART), 1))
                .isInstanceOf(Confirmation.Confirmed.class);
        assertThat(miner.container().orElseThrow().state()).isEqualTo("running");
        assertThat(login(allocated.credentials().password())).isEqualTo("logged-in\n");

        KeyPair newKey = SshLogin.newKey();
        assertThat(client.action(address, strangersKey, DockerAction.exchangeKey(SshLogin.publicKeyLine(newKey), "user"),
                1)).isInstanceOf(Confirmation.Confirmed.class);
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(
                SshLogin.withKey("127.0.0.1", miner.sshPort(), "root", newKey, "echo new-key")).isEqualTo("new-key\n"));
        assertThat(client.action(address, strangersKey, DockerAction.exchangeKey("ssh-ed25519 AAAA x", "admin"), 1))
                .as("a key_type other than user/terminal").isInstanceOf(Confirmation.Denied.class);

        Allocate unknown = raw(new Allocate().checking(false).timeline(1).dockerChange(true)
                .dockerAction(DockerAction.of("reboot").toWire()).publicKey(order.publicKeyPem()));
        assertThat(unknown.output()).containsOnlyKeys("port");

        // Actions with timeline >= 1 keep W&B "allocated" on the caller (our client never sends 0, see row 15).
        assertThat(allocatedHook).containsOnly(API.ss58Address());
    }

    @Test
    void an_allocate_without_the_device_sections_the_original_reads_fails_after_killing_what_ran() {
        AllocateOrder order = AllocateOrder.withFreshKeys(1, CPU_ONLY, DockerRequirement.requestDefaults());
        assertThat(client.allocate(address, order)).isInstanceOf(AllocateResult.Allocated.class);

        Allocate malformed = raw(new Allocate().checking(false).timeline(1)
                .deviceRequirement(Map.of("cpu", Map.of("count", 1))).publicKey(order.publicKeyPem()));

        assertThat(malformed.output()).containsEntry("status", false).doesNotContainKey("info");
        assertThat(miner.container()).as("kill_container runs before the requirement is read").isEmpty();
    }

    private String login(String password) {
        // The original answers once Docker created the container, not once sshd listens: the caller waits.
        return await().atMost(TIMEOUT).ignoreExceptions().until(
                () -> SshLogin.withPassword("127.0.0.1", miner.sshPort(), "root", password, "echo logged-in"),
                out -> out != null);
    }

    private static Allocate checkKey(String publicKeyPem) {
        return new Allocate().checking(true).timeline(0).publicKey(publicKeyPem);
    }

    private Allocate raw(Allocate request) {
        DendriteResponse<Allocate> reply = dendrite.callBlocking(target(), request, TIMEOUT);
        assertThat(reply.isSuccess()).as("%s %s", reply.statusCode(), reply.statusMessage()).isTrue();
        return reply.synapse();
    }

    private AxonTarget target() {
        return new AxonTarget("127.0.0.1", miner.axonPort(), miner.hotkey());
    }
}
