package io.computeregister.cli.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code compute api} as a separate JVM (this test classpath, the real {@code ComputeCommand}), so a test can SIGKILL
 * it: nothing in the process gets to clean up, as when a machine loses power.
 */
final class ApiProcess {

    private ApiProcess() {}

    /**
     * Starts the command and returns once it printed its "listening" banner (fails the test with its log otherwise).
     *
     * @param logDir where the process's stderr goes (shown when it does not start)
     */
    static Process start(Path logDir, List<String> args, Map<String, String> env) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.computeregister.cli.ComputeCommand"));
        command.addAll(args);
        Path log = Files.createTempFile(logDir, "api-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<Boolean> banner = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("register API listening")) return true;
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        try {
            if (!banner.get(60, TimeUnit.SECONDS)) fail("api exited without starting:\n" + Files.readString(log));
        } catch (Exception e) {
            process.destroyForcibly();
            fail("api did not start within 60 s:\n" + Files.readString(log));
        }
        return process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
