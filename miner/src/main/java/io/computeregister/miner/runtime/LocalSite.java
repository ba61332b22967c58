package io.computeregister.miner.runtime;

import io.computeregister.miner.hardware.SpecsProbe;
import io.computeregister.protocol.specs.MinerSpecs;
import java.nio.file.Path;

/**
 * This machine as a host-bound runtime rents it out: its hardware ({@code /proc}, {@code nvidia-smi}, the disk of the
 * data directory) and the ports of its {@link HostPorts} range.
 */
public final class LocalSite implements Site {

    private final Path dataDir;
    private final PortPool endpoints;

    /** @param dataDir the miner's data directory: the disk figures are those of the file system holding it */
    public LocalSite(HostPorts ports, Path dataDir) {
        this.dataDir = dataDir;
        this.endpoints = new PortPool(ports);
    }

    @Override
    public MinerSpecs hardware() {
        return new SpecsProbe(dataDir).probe();
    }

    @Override
    public PortPool endpoints() {
        return endpoints;
    }

    /** {@code 0.0.0.0:40000-40099}: for the start-up line. */
    @Override
    public String toString() {
        return endpoints.toString();
    }
}
