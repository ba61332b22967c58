package io.computeregister.miner.hardware;

import io.computeregister.protocol.specs.MinerSpecs;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures this machine in the original's {@code config.specs} shape (docs/protocol.md §9.10): CPU from
 * {@code /proc/cpuinfo}, RAM and swap from {@code /proc/meminfo}, disk from the file system holding the data
 * directory, GPUs from {@code nvidia-smi} when it is installed, and whether a Docker engine answers.
 *
 * <p>The original also benchmarks disk and RAM speed (writing 100 MB); this probe does not, so the speed fields are
 * absent. Anything that cannot be read is left out rather than reported as zero. Each probe takes well under a
 * second without GPUs; nvidia-smi and the Docker ping have their own timeouts (15 s, 3 s).
 */
public final class SpecsProbe {

    private static final Logger log = LoggerFactory.getLogger(SpecsProbe.class);

    private final Path proc;
    private final Path dataDir;
    private final NvidiaSmi nvidiaSmi;
    private final DockerPing docker;

    /** Probes the real machine: /proc, nvidia-smi on the PATH, the Docker socket of DOCKER_HOST or the default. */
    public SpecsProbe(Path dataDir) {
        this(Path.of("/proc"), dataDir, "nvidia-smi", DockerPing.defaultSocket());
    }

    /**
     * @param proc         where cpuinfo and meminfo are read from
     * @param dataDir      the disk figures are those of the file system holding it
     * @param nvidiaSmi    the nvidia-smi executable (name on the PATH or a path)
     * @param dockerSocket the Docker engine's unix socket
     */
    public SpecsProbe(Path proc, Path dataDir, String nvidiaSmi, Path dockerSocket) {
        this.proc = proc;
        this.dataDir = dataDir;
        this.nvidiaSmi = new NvidiaSmi(nvidiaSmi);
        this.docker = new DockerPing(dockerSocket);
    }

    public MinerSpecs probe() {
        return new MinerSpecs(cpu(), nvidiaSmi.query(), disk(), ram(), docker.answers());
    }

    private MinerSpecs.Cpu cpu() {
        String text = read("cpuinfo");
        return text == null ? null : ProcFiles.cpu(text);
    }

    private MinerSpecs.Ram ram() {
        String text = read("meminfo");
        return text == null ? null : ProcFiles.ram(text);
    }

    /** Like psutil's disk_usage: free is what an unprivileged user may still write, used excludes reserved blocks. */
    private MinerSpecs.HardDisk disk() {
        try {
            FileStore store = Files.getFileStore(Files.createDirectories(dataDir));
            long total = store.getTotalSpace();
            return new MinerSpecs.HardDisk(total, store.getUsableSpace(), total - store.getUnallocatedSpace(), null,
                    null);
        } catch (IOException e) {
            log.warn("cannot measure the disk of {}: {}", dataDir, e.toString());
            return null;
        }
    }

    private String read(String name) {
        try {
            return Files.readString(proc.resolve(name));
        } catch (IOException e) {
            log.warn("cannot read {}: {} (not Linux?)", proc.resolve(name), e.toString());
            return null;
        }
    }
}
