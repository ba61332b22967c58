package io.computeregister.bittensor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a node script against @polkadot/util-crypto 14, installed once by npm into the same cache directory the crypto
 * interop tests share. Without node/npm the calling test is skipped with the reason printed, unless CI=true or
 * REQUIRE_INTEROP=1, where it fails.
 */
public final class PolkadotJs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "compute-register", "npm",
            "polkadot-util-crypto-14");

    private PolkadotJs() {}

    /** Runs {@code script} (a resource under /interop) with {@code request} on stdin and returns its JSON answer. */
    public static JsonNode run(String script, JsonNode request) throws Exception {
        Path dir = installed();
        Path target = dir.resolve(script);
        try (InputStream in = PolkadotJs.class.getResourceAsStream("/interop/" + script)) {
            if (in == null) fail("missing test resource /interop/" + script);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        Process p = new ProcessBuilder("node", script).directory(dir.toFile()).start();
        CompletableFuture<String> err = readAsync(p.getErrorStream());
        CompletableFuture<String> out = readAsync(p.getInputStream());
        try (var stdin = p.getOutputStream()) {
            stdin.write(JSON.writeValueAsBytes(request));
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("node did not answer within 60 s");
        }
        assertThat(p.exitValue()).as("node exit code; stderr: %s", err.get()).isZero();
        return JSON.readTree(out.get());
    }

    private static Path installed() throws Exception {
        if (Files.isDirectory(CACHE.resolve("node_modules/@polkadot/util-crypto")) && onPath("node")) return CACHE;
        if (!onPath("node") || !onPath("npm")) unavailable("node and npm are needed for the polkadot-js interop test");
        Files.createDirectories(CACHE);
        if (!Files.exists(CACHE.resolve("package.json"))) {
            Files.writeString(CACHE.resolve("package.json"), "{\"name\":\"cr-sr25519-oracle\",\"private\":true}");
        }
        Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
                "@polkadot/util-crypto@14", "@polkadot/util@14")
                .directory(CACHE.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> log = readAsync(install.getInputStream());
        if (!install.waitFor(5, TimeUnit.MINUTES)) {
            install.destroyForcibly();
            unavailable("npm install did not finish within 5 minutes");
        }
        if (install.exitValue() != 0) unavailable("npm install failed: " + log.get());
        return CACHE;
    }

    private static void unavailable(String reason) {
        boolean required = "true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("REQUIRE_INTEROP"));
        if (required) fail(reason + " (required because CI=true or REQUIRE_INTEROP=1)");
        System.out.println("SKIPPED polkadot-js interop: " + reason);
        Assumptions.abort(reason);
    }

    private static boolean onPath(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        });
    }
}
