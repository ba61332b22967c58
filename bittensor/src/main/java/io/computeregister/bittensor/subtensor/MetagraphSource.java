package io.computeregister.bittensor.subtensor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a metagraph comes from: a live chain ({@link SubtensorMetagraphSource}) or a file
 * ({@link StaticMetagraphSource}). Chosen by the {@code --metagraph} flag through {@link #parse}.
 */
public interface MetagraphSource {

    /** Reads a fresh snapshot. Implementations are safe to call repeatedly and from any one thread at a time. */
    Metagraph load() throws IOException;

    /** One line for logs and health output, e.g. {@code subtensor:wss://… netuid 27}. Never contains secrets. */
    String describe();

    /**
     * Parses a {@code --metagraph} value: {@code static:FILE} (JSON as {@code compute metagraph} prints it) or
     * {@code subtensor:URL} (ws, wss, http or https).
     *
     * @param netuid the subnet to read; a static file must hold this subnet
     * @throws IllegalArgumentException naming the flag value when it has neither form
     */
    static MetagraphSource parse(String spec, int netuid) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--metagraph is empty; use static:FILE or subtensor:URL");
        }
        String s = spec.strip();
        if (s.startsWith("static:") && s.length() > "static:".length()) {
            return new StaticMetagraphSource(Path.of(s.substring("static:".length())), netuid);
        }
        if (s.startsWith("subtensor:") && s.length() > "subtensor:".length()) {
            return new SubtensorMetagraphSource(s.substring("subtensor:".length()), netuid);
        }
        throw new IllegalArgumentException(
                "--metagraph '" + spec + "' is neither static:FILE nor subtensor:URL (e.g. subtensor:wss://entrypoint-finney.opentensor.ai:443)");
    }
}
