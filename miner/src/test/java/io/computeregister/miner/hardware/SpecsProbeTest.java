package io.computeregister.miner.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import io.computeregister.protocol.specs.MinerSpecs;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecsProbeTest {

    /** Recorded from a two-card machine with the probe's exact query (one card reports no max memory clock). */
    private static final String NVIDIA_SMI_SAMPLE = """
            NVIDIA H100 80GB HBM3, 81559, 1980, 2619
            NVIDIA H100 80GB HBM3, 81559, 1980, [N/A]
            """;

    /** Two sockets, two cores each, hyper-threading: 8 logical processors, 4 physical cores. */
    private static String cpuinfo() {
        StringBuilder text = new StringBuilder();
        int processor = 0;
        for (int socket = 0; socket < 2; socket++) {
            for (int thread = 0; thread < 2; thread++) {
                for (int core = 0; core < 2; core++) {
                    text.append("processor\t: ").append(processor++).append('\n')
                            .append("model name\t: Test CPU\n")
                            .append("cpu MHz\t\t: ").append(2000 + 100 * core).append(".000\n")
                            .append("physical id\t: ").append(socket).append('\n')
                            .append("core id\t\t: ").append(core).append("\n\n");
                }
            }
        }
        return text.toString();
    }

    private static final String MEMINFO = """
            MemTotal:       24684084 kB
            MemFree:        23466396 kB
            MemAvailable:   24040296 kB
            Buffers:            9124 kB
            Cached:           744432 kB
            SReclaimable:      40000 kB
            SwapTotal:       1048576 kB
            SwapFree:         524288 kB
            """;

    @TempDir
    Path dir;

    @Test
    void cpuinfo_counts_physical_cores_not_hyperthreads_and_averages_the_clock() {
        MinerSpecs.Cpu cpu = ProcFiles.cpu(cpuinfo());

        assertThat(cpu.count()).isEqualTo(4);
        assertThat(cpu.frequency()).isEqualTo(2050.0);
    }

    @Test
    void cpuinfo_without_topology_counts_processors() {
        assertThat(ProcFiles.cpu("processor : 0\nBogoMIPS : 50\n\nprocessor : 1\nBogoMIPS : 50\n").count())
                .isEqualTo(2);
    }

    @Test
    void meminfo_gives_bytes_with_psutil_definitions() {
        MinerSpecs.Ram ram = ProcFiles.ram(MEMINFO);

        assertThat(ram.total()).isEqualTo(24684084L * 1024);
        assertThat(ram.available()).isEqualTo(24040296L * 1024);
        assertThat(ram.free()).isEqualTo(23466396L * 1024);
        assertThat(ram.used()).isEqualTo((24684084L - 23466396 - 9124 - 744432 - 40000) * 1024);
        assertThat(ram.swapTotal()).isEqualTo(1048576L * 1024);
        assertThat(ram.swapUsed()).isEqualTo(524288L * 1024);
    }

    @Test
    void recorded_nvidia_smi_output_parses_into_cards_capacity_and_clocks() {
        MinerSpecs.Gpu gpu = NvidiaSmi.parse(NVIDIA_SMI_SAMPLE);

        assertThat(gpu.count()).isEqualTo(2);
        assertThat(gpu.capacity()).isEqualTo(2 * 81559L);
        assertThat(gpu.details()).containsExactly(
                new MinerSpecs.GpuDetail("NVIDIA H100 80GB HBM3", 81559L),
                new MinerSpecs.GpuDetail("NVIDIA H100 80GB HBM3", 81559L));
        assertThat(gpu.graphicsSpeed()).isEqualTo(1980);
        assertThat(gpu.memorySpeed()).isEqualTo(2619);
    }

    @Test
    void nvidia_smi_is_run_with_the_query_arguments_and_its_output_used() throws Exception {
        Path fake = dir.resolve("nvidia-smi");
        // Answers only when called with exactly the expected arguments, like the real tool with an unknown flag.
        Files.writeString(fake, "#!/bin/sh\n"
                + "[ \"$1\" = \"" + NvidiaSmi.ARGUMENTS.get(0) + "\" ] && [ \"$2\" = \"" + NvidiaSmi.ARGUMENTS.get(1)
                + "\" ] || exit 2\n"
                + "printf '%s\\n' 'NVIDIA A100-SXM4-80GB, 81920, 1410, 1593'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        MinerSpecs.Gpu gpu = new NvidiaSmi(fake.toString()).query();

        assertThat(gpu.details()).containsExactly(new MinerSpecs.GpuDetail("NVIDIA A100-SXM4-80GB", 81920L));
        assertThat(gpu.graphicsSpeed()).isEqualTo(1410);
    }

    @Test
    void without_nvidia_smi_or_with_a_failing_one_there_are_no_gpus() throws Exception {
        Path failing = dir.resolve("broken-smi");
        Files.writeString(failing, "#!/bin/sh\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwx------"));

        assertThat(new NvidiaSmi(dir.resolve("absent").toString()).query()).isEqualTo(MinerSpecs.Gpu.none());
        assertThat(new NvidiaSmi(failing.toString()).query()).isEqualTo(MinerSpecs.Gpu.none());
    }

    @Test
    void docker_counts_only_when_the_socket_answers_the_ping() throws Exception {
        assertThat(new DockerPing(dir.resolve("no.sock")).answers()).isFalse();

        Path okSocket = dir.resolve("ok.sock");
        try (ServerSocketChannel engine = unixServer(okSocket, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nOK")) {
            assertThat(new DockerPing(okSocket).answers()).isTrue();
        }
        Path errorSocket = dir.resolve("err.sock");
        try (ServerSocketChannel engine = unixServer(errorSocket, "HTTP/1.0 500 Internal Server Error\r\n\r\n")) {
            assertThat(new DockerPing(errorSocket).answers()).isFalse();
        }
    }

    @Test
    void the_real_docker_engine_is_detected_when_one_runs() {
        Path socket = DockerPing.defaultSocket();
        boolean required = "1".equals(System.getenv("REQUIRE_DOCKER"));
        boolean answers = new DockerPing(socket).answers();
        if (!required) {
            Assumptions.assumeTrue(answers, "no Docker engine answers on " + socket + "; skipping");
        }
        assertThat(answers).as("Docker engine on %s (REQUIRE_DOCKER=1)", socket).isTrue();
    }

    @Test
    void probing_this_machine_reads_proc_and_the_data_directory_file_system() throws Exception {
        MinerSpecs specs = new SpecsProbe(Path.of("/proc"), dir, dir.resolve("absent-nvidia-smi").toString(),
                dir.resolve("no.sock")).probe();
        FileStore store = Files.getFileStore(dir);

        assertThat(specs.cpu().count()).isPositive();
        assertThat(specs.ram().total()).isGreaterThanOrEqualTo(specs.ram().available()).isPositive();
        assertThat(specs.hardDisk().total()).isEqualTo(store.getTotalSpace());
        assertThat(specs.hardDisk().free()).isPositive().isLessThanOrEqualTo(specs.hardDisk().total());
        assertThat(specs.gpu().count()).isZero();
        assertThat(specs.hasDocker()).isFalse();
        assertThat(MinerSpecs.fromJson(specs.toJson())).isEqualTo(specs);
    }

    /** A one-shot fake engine on a unix socket: reads the request, writes {@code reply}, closes. */
    private static ServerSocketChannel unixServer(Path path, String reply) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread.ofVirtual().start(() -> {
            try (SocketChannel client = server.accept()) {
                client.read(ByteBuffer.allocate(1024));
                client.write(ByteBuffer.wrap(reply.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException ignored) {
                // the test's assertion reports the outcome
            }
        });
        return server;
    }
}
