package io.computeregister.api.original;

import com.github.dockerjava.api.DockerClient;
import io.computeregister.bittensor.axon.AxonServer;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.miner.testing.DockerEngine;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.miner.testing.TestImage;
import io.computeregister.protocol.allocate.Allocate;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * A stand-in for the original Python miner ({@code neurons/miner.py}) as the live subnet runs it: an axon with only
 * {@code Allocate} attached (a {@code Specs} request gets what a Python axon answers for a synapse it does not serve:
 * 404), the docs/protocol.md §3.2 dispatch in {@link OriginalAllocateHandler}, one real Docker container of the SSH
 * test image, and an {@code allocation_key} file in its working directory.
 *
 * <p>Requests are verified and replies signed by our {@link AxonServer}, whose checks follow the Python axon's
 * (docs/protocol.md §B1.6); the original's request filter lets every hotkey outside its whitelist through, so no
 * blacklist is attached. Skips the calling test (or fails it under REQUIRE_DOCKER=1) without a Docker engine.
 */
public final class OriginalMiner implements AutoCloseable {

    private final Keypair hotkey;
    private final int sshPort;
    private final OriginalContainers containers;
    private final AxonServer axon;

    private OriginalMiner(Keypair hotkey, int sshPort, OriginalContainers containers, AxonServer axon) {
        this.hotkey = hotkey;
        this.sshPort = sshPort;
        this.containers = containers;
        this.axon = axon;
    }

    /**
     * Starts the axon on a free loopback port, with a free SSH port ({@code --ssh.port}).
     *
     * @param workDir the miner's working directory ({@code ./allocation_key} lives there)
     * @param hook    where {@code update_allocation} reports; {@link AllocatedHook#NONE} for nothing
     */
    public static OriginalMiner start(Keypair hotkey, Path workDir, AllocatedHook hook) {
        DockerClient docker = DockerEngine.requireOrSkip();
        String image = TestImage.ensureBuilt();
        int sshPort = FreePorts.block(1);
        String instance = UUID.randomUUID().toString().substring(0, 8);
        OriginalContainers containers = new OriginalContainers(docker, image, instance, sshPort);
        OriginalAllocateHandler handler = new OriginalAllocateHandler(containers, workDir, sshPort, hook);
        AxonServer axon = AxonServer.builder(hotkey).host("127.0.0.1").port(0).build()
                .attach(Allocate.class, handler::handle)
                .start();
        return new OriginalMiner(hotkey, sshPort, containers, axon);
    }

    public String hotkey() {
        return hotkey.ss58Address();
    }

    public int axonPort() {
        return axon.port();
    }

    /** The one SSH port every allocation of this miner publishes ({@code --ssh.port}). */
    public int sshPort() {
        return sshPort;
    }

    /** This miner as a metagraph neuron serving on 127.0.0.1. */
    public Metagraph.Neuron neuron(int uid) {
        return new Metagraph.Neuron(uid, hotkey(), hotkey(), "127.0.0.1", axonPort(), 0, false, true);
    }

    /** Its container's id and state ("running", "paused", ...), if it has one. */
    public Optional<Container> container() {
        return containers.current().map(c -> new Container(c.id(), c.name(), c.state()));
    }

    /** @param name the container name with this stand-in's prefix, ending in ssh-container or ssh-test-container */
    public record Container(String id, String name, String state) {}

    /** Stops the axon and removes every container this stand-in created. */
    @Override
    public void close() {
        axon.close();
        containers.removeAll();
    }
}
