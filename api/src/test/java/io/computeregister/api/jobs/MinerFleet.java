package io.computeregister.api.jobs;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.miner.testing.FreePorts;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.StaticMetagraphSource;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.runtime.PortRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Real in-process miners (real axons; sandbox runtime with real sshd, or real Docker containers) at fixed axon ports,
 * so one can be stopped and started again at the same address, plus the static metagraph file listing them.
 */
public final class MinerFleet implements AutoCloseable {

    private static final long MIB = 1024 * 1024;
    public static final List<Keypair> HOTKEYS =
            List.of(Keypair.fromSuri("//Bob"), Keypair.fromSuri("//Charlie"), Keypair.fromSuri("//Dave"));

    private final List<MinerConfig> configs = new ArrayList<>();
    private final List<Miner> running = new ArrayList<>();
    private final Path metagraphFile;

    public MinerFleet(Path dir, int count, Keypair apiHotkey) throws IOException {
        this(dir, count, apiHotkey, "sandbox");
    }

    /** @param runtime "sandbox", or "docker" (the caller has checked the engine: {@link DockerCheck}) */
    public MinerFleet(Path dir, int count, Keypair apiHotkey, String runtime) throws IOException {
        List<Metagraph.Neuron> neurons = new ArrayList<>();
        for (int uid = 0; uid < count; uid++) {
            int first = FreePorts.block(4);
            int axonPort = FreePorts.block(1);
            HostPorts ports = new HostPorts(new PortRange(first, first + 3), "127.0.0.1");
            RuntimeSettings settings = runtime.equals("docker")
                    ? new DockerSettings(DockerCheck.host(), DockerCheck.image(), ports) : new SandboxSettings(ports);
            MinerConfig config = MinerConfig.defaults(dir.resolve("miner-" + uid), settings)
                    .withAxon("127.0.0.1", axonPort)
                    .withCallers(Set.of(apiHotkey.ss58Address()), false)
                    .withOffer(new MinerConfig.Offer(2, 2048 * MIB, 1));
            configs.add(config);
            Miner miner = Miner.start(config, HOTKEYS.get(uid), Optional.empty());
            running.add(miner);
            neurons.add(new Metagraph.Neuron(uid, miner.hotkey(), miner.hotkey(), "127.0.0.1", miner.axonPort(), 0,
                    false, true));
        }
        metagraphFile = dir.resolve("metagraph.json");
        Files.writeString(metagraphFile, MetagraphJson.write(new Metagraph(27, Metagraph.UNKNOWN_BLOCK, neurons)));
    }

    public StaticMetagraphSource metagraph() {
        return new StaticMetagraphSource(metagraphFile, 27);
    }

    public Miner miner(int i) {
        return running.get(i);
    }

    public Miner byHotkey(String ss58) {
        return running.stream().filter(m -> m != null && m.hotkey().equals(ss58)).findFirst().orElseThrow();
    }

    public int index(String ss58) {
        for (int i = 0; i < configs.size(); i++) if (HOTKEYS.get(i).ss58Address().equals(ss58)) return i;
        throw new IllegalArgumentException(ss58);
    }

    /** Stops miner i's axon (and the rest of the process); its allocations stay on disk for the next start. */
    public void stop(int i) {
        running.get(i).close();
        running.set(i, null);
    }

    /** Starts miner i again at the same axon port and data directory. */
    public Miner restart(int i) {
        Miner m = Miner.start(configs.get(i), HOTKEYS.get(i), Optional.empty());
        running.set(i, m);
        return m;
    }

    @Override
    public void close() {
        // The fleet owns the machines its tests leave: no container outlives the test.
        for (Miner m : running) if (m != null) m.removeAll();
        for (Miner m : running) if (m != null) m.close();
    }


}
