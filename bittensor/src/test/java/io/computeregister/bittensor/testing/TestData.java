package io.computeregister.bittensor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorded chain answers and sr25519 vectors under {@code src/test/resources/testdata} (its README says where each
 * file came from and what it must decode to). Read from the classpath, so a clone of the repository needs nothing
 * beside it, and other modules get the same single copy through this module's test-jar.
 */
public final class TestData {
    private static Path copies;

    private TestData() {}

    /** The bytes of {@code /testdata/<name>}, e.g. {@code "subtensor/subnet_state_netuid1.hex"}. */
    public static byte[] bytes(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /**
     * A file holding {@code /testdata/<name>}, for code that takes a path (inside a test-jar the resource is no file):
     * copied on first use into a temporary directory of this JVM, removed when it exits.
     */
    public static synchronized Path file(String name) {
        try {
            if (copies == null) {
                copies = Files.createTempDirectory("compute-testdata-");
                copies.toFile().deleteOnExit();
            }
            Path target = copies.resolve(name.replace('/', '_'));
            if (Files.notExists(target)) {
                try (InputStream in = open(name)) {
                    Files.copy(in, target);
                }
                target.toFile().deleteOnExit(); // registered after the directory, so deleted before it
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = TestData.class.getResourceAsStream("/testdata/" + name);
        if (in == null) throw new IllegalArgumentException("no test data /testdata/" + name + " on the classpath");
        return in;
    }
}
