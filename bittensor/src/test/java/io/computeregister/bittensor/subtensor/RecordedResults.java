package io.computeregister.bittensor.subtensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded chain answers in ../shared/testdata/subtensor (see its README for what they decode to). */
final class RecordedResults {
    static final String NEURONS_NETUID1_TYPED = "neurons_lite_netuid1_typed.hex";
    static final String SUBNET_STATE_NETUID1 = "subnet_state_netuid1.hex";
    static final String NEURONS_NETUID23_WRAPPED = "neurons_lite_netuid23_wrapped.hex";

    private RecordedResults() {}

    static Path path(String name) {
        return Path.of(System.getProperty("compute.repoRoot", ".."))
                .resolve("../shared/testdata/subtensor")
                .resolve(name)
                .normalize();
    }

    /** The file's text: a {@code 0x…} hex string as the JSON-RPC result carried it. */
    static String hex(String name) {
        try {
            return Files.readString(path(name)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String name) {
        return RuntimeApiResult.hexToBytes(hex(name));
    }
}
