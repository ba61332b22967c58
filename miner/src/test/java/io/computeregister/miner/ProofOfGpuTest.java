package io.computeregister.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.allocation.Allocation;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator's proof-of-GPU allocation ({@code device_requirement.testing = true}) on a three-GPU miner that
 * already has a renter: on the wire an ordinary allocation, in the ledger every card that is free and none of the
 * renter's. Sandbox runtime (no GPUs on this machine): the ledger is what decides which cards a container gets.
 */
class ProofOfGpuTest {

    private static final Keypair MINER = Keypair.fromSuri("//Bob");
    private static final Keypair VALIDATOR = Keypair.fromSuri("//Alice");
    private static final long MIB = 1024 * 1024;
    private static final long GIB = 1024 * MIB;
    private static final int LONG = 10_000;
    /** What the original validator sends for its proof of GPU: "any GPU", 1 core, 1 GiB, and testing. */
    private static final DeviceRequirement POG = new DeviceRequirement(1, 1, "", 0, GIB, GIB, true);
    /** A renter wanting one card of any model (a capacity makes it a firm GPU request, not "if free"). */
    private static final DeviceRequirement ONE_GPU = new DeviceRequirement(1, 1, "", 1, 256 * MIB, GIB, false);

    @TempDir
    Path dataDir;

    private Miner miner;
    private AllocateDendrite validator;
    private AllocateDendrite api;

    @BeforeEach
    void start() {
        int first = FreePorts.block(4);
        MinerConfig config = MinerConfig.defaults(dataDir,
                        new SandboxSettings(new HostPorts(new PortRange(first, first + 3), "127.0.0.1")))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(VALIDATOR.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(4, 4 * GIB, 3));
        miner = Miner.start(config, MINER, Optional.empty());
        validator = new AllocateDendrite(VALIDATOR, miner.axonPort(), miner.hotkey());
        api = new AllocateDendrite(VALIDATOR, miner.axonPort(), miner.hotkey()); // a second dendrite: its own nonces
    }

    @AfterEach
    void stop() {
        if (miner != null) {
            miner.removeAll();
            validator.close();
            api.close();
            miner.close();
        }
    }

    @Test
    void the_proof_of_gpu_allocation_gets_every_free_card_and_none_of_a_renters() throws Exception {
        AllocateDendrite.Lease renter = api.allocateOrFail(ONE_GPU, LONG, "");
        assertThat(gpusOf(renter)).containsExactly(0);

        // As the validator does it: probe, allocate, log in with the decrypted credentials, deallocate by its key.
        assertThat(validator.probe(POG, 1)).containsEntry("status", true);
        AllocateDendrite.Lease pog = validator.allocateOrFail(POG, 1, "");
        assertThat(gpusOf(pog)).containsExactly(1, 2);
        assertThat(gpusOf(renter)).as("the renter keeps its card").containsExactly(0);
        assertThat(SshLogin.withPassword("127.0.0.1", pog.info().port(), "root", pog.info().password(), "echo pog"))
                .isEqualTo("pog\n");

        // While the benchmark runs, no card is left for another renter; afterwards both come back.
        Map<String, Object> refused = api.allocate(ONE_GPU, LONG, "").getKey();
        assertThat(refused).containsEntry("status", false);
        assertThat(validator.deallocate(pog.publicKeyPem())).containsEntry("status", true);
        AllocateDendrite.Lease two = api.allocateOrFail(new DeviceRequirement(1, 2, "", 1, 256 * MIB, GIB, false), LONG, "");
        assertThat(gpusOf(two)).containsExactly(1, 2);
    }

    @Test
    void with_every_card_rented_the_proof_of_gpu_allocation_runs_without_one() {
        for (int i = 0; i < 3; i++) api.allocateOrFail(ONE_GPU, LONG, "");

        AllocateDendrite.Lease pog = validator.allocateOrFail(POG, 1, "");

        assertThat(gpusOf(pog)).isEmpty();
        assertThat(miner.ledger().live()).flatExtracting(Allocation::gpuIds).containsExactlyInAnyOrder(0, 1, 2);
    }

    private List<Integer> gpusOf(AllocateDendrite.Lease lease) {
        return miner.ledger().live().stream().filter(a -> a.ownedBy(lease.publicKeyPem())).findFirst()
                .orElseThrow().gpuIds();
    }
}
