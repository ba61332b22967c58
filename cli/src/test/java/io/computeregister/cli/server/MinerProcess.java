package io.computeregister.cli.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code compute miner} as a separate JVM (this test classpath, the real {@code ComputeCommand}) that a test can
 * SIGKILL and start again on the same data directory, or freeze with SIGSTOP and resume with SIGCONT, as an operator's
 * machine that loses power or stalls.
 */
final class MinerProcess implements AutoCloseable {

    private final List<String> args;
    private final Path logDir;
    private Process process;
    private boolean frozen;

    private MinerProcess(List<String> args, Path logDir) {
        this.args = List.copyOf(args);
        this.logDir = logDir;
    }

    /** Starts {@code compute <args>} and returns once it printed its "miner: " banner. */
    static MinerProcess start(List<String> args, Path logDir) throws IOException {
        MinerProcess m = new MinerProcess(args, logDir);
        m.launch();
        return m;
    }

    /** SIGKILL: no shutdown hook runs; what the miner was doing is cut where it stood. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL ends a stopped process too
        frozen = false;
    }

    /** Starts the miner again with the same arguments (same data directory, same ports). */
    void restart() throws IOException, InterruptedException {
        if (process.isAlive()) kill();
        launch();
    }

    /** SIGSTOP: the process keeps its sockets open and answers nothing until {@link #resume}. */
    void freeze() throws IOException, InterruptedException {
        signal("STOP");
        frozen = true;
    }

    void resume() throws InterruptedException {
        if (!frozen) return;
        try {
            signal("CONT");
        } catch (IOException e) {
            throw new IllegalStateException("kill -CONT failed", e);
        }
        frozen = false;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) kill();
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    private void launch() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.computeregister.cli.ComputeCommand"));
        command.addAll(args);
        Path log = Files.createTempFile(logDir, "miner-", ".log");
        Process started = new ProcessBuilder(command).redirectError(log.toFile()).start();
        CompletableFuture<Boolean> banner = new CompletableFuture<>();
        // Reads stdout to its end (a full pipe would block the miner), completing on the banner line.
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(started.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("miner: ")) banner.complete(true);
                }
            } catch (IOException e) {
                // the process died; the future below says so
            }
            banner.complete(false);
        });
        try {
            if (!banner.get(90, TimeUnit.SECONDS)) fail("miner exited without starting:\n" + Files.readString(log));
        } catch (Exception e) {
            started.destroyForcibly();
            fail("miner did not start within 90 s:\n" + Files.readString(log));
        }
        process = started;
        frozen = false;
    }
}
