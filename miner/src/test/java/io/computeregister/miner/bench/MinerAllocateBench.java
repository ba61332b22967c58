package io.computeregister.miner.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.miner.AllocateDendrite;
import io.computeregister.miner.Miner;
import io.computeregister.miner.MinerConfig;
import io.computeregister.miner.image.SshTestImage;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.docker.DockerConnection;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.testing.SshLogin;
import io.computeregister.protocol.allocate.DeviceRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * bench/miner-allocate: time from sending {@code Allocate} (checking=false) to a miner (docker runtime, image local)
 * until an SSH password login with the returned credentials succeeds; and, in the same run, interleaved, the time of
 * a bare {@code docker run} of the same image (create + start with port 22 published) until its sshd sends a banner.
 * Prints median and p95 of each over N runs (default 20).
 */
public final class MinerAllocateBench {

    private static final long MIB = 1024 * 1024;

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String host = System.getenv("DOCKER_HOST") == null ? DockerConnection.DEFAULT_HOST : System.getenv("DOCKER_HOST");
        DockerClient docker = DockerConnection.open(host, Duration.ofMinutes(3));
        String image = SshTestImage.ensureBuilt(docker, SshTestImage.DEFAULT_TAG, false).tag();
        Path dataDir = Files.createTempDirectory("miner-bench");
        int first = freePort();
        Keypair api = Keypair.fromSuri("//Alice");
        MinerConfig config = MinerConfig.defaults(dataDir,
                        new DockerSettings(host, image, new HostPorts(new PortRange(first, first), "127.0.0.1")))
                .withAxon("127.0.0.1", 0)
                .withCallers(Set.of(api.ss58Address()), false)
                .withOffer(new MinerConfig.Offer(1, 1024 * MIB, 0));
        List<Double> allocate = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        DeviceRequirement request = new DeviceRequirement(1, 0, "", 0, 256 * MIB, 0, false);
        try (Miner miner = Miner.start(config, Keypair.fromSuri("//Bob"), Optional.empty());
                AllocateDendrite client = new AllocateDendrite(api, miner.axonPort(), miner.hotkey())) {
            for (int i = 0; i <= runs; i++) { // run 0 warms up both paths and is not counted
                long t0 = System.nanoTime();
                AllocateDendrite.Lease lease = client.allocateOrFail(request, 1, "");
                awaitLogin(lease);
                double ms = (System.nanoTime() - t0) / 1e6;
                client.deallocate(lease.publicKeyPem());
                double bareMs = bareDockerRun(docker, image, freePort());
                if (i > 0) {
                    allocate.add(ms);
                    bare.add(bareMs);
                }
                System.out.printf("run %2d: allocate->ssh login %.0f ms, bare docker run->ssh banner %.0f ms%n", i, ms,
                        bareMs);
            }
        }
        System.out.printf("miner allocate -> SSH login : median %.0f ms, p95 %.0f ms (n=%d)%n", pct(allocate, 50),
                pct(allocate, 95), allocate.size());
        System.out.printf("bare docker run -> SSH banner: median %.0f ms, p95 %.0f ms (n=%d)%n", pct(bare, 50),
                pct(bare, 95), bare.size());
        docker.close();
    }

    private static void awaitLogin(AllocateDendrite.Lease lease) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                SshLogin.run("127.0.0.1", lease.info().port(), "root", lease.info().password(), null, "true",
                        Duration.ofSeconds(2));
                return;
            } catch (IOException e) {
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("no SSH login within 30 s");
    }

    /** docker run -d -p 127.0.0.1:PORT:22 IMAGE, timed until sshd's banner; then the container is removed. */
    private static double bareDockerRun(DockerClient docker, String image, int port) throws InterruptedException {
        long t0 = System.nanoTime();
        String id = docker.createContainerCmd(image)
                .withExposedPorts(ExposedPort.tcp(22))
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(22))))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (banner(port)) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("bare container: no SSH banner within 30 s");
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static boolean banner(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(500);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4];
            int n = in.readNBytes(buf, 0, 4);
            return n == 4 && new String(buf, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
