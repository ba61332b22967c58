package io.computeregister.bittensor.subtensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A metagraph read from a JSON file in exactly the form {@code compute metagraph} prints, for tests, demos and networks
 * without a chain. The file is read again on every {@link #load()}, so an edited file takes effect at the next refresh.
 */
public final class StaticMetagraphSource implements MetagraphSource {
    private final Path file;
    private final OptionalInt expectedNetuid;

    public StaticMetagraphSource(Path file) {
        this.file = file;
        this.expectedNetuid = OptionalInt.empty();
    }

    /** A source that also checks the file holds {@code expectedNetuid}. */
    public StaticMetagraphSource(Path file, int expectedNetuid) {
        this.file = file;
        this.expectedNetuid = OptionalInt.of(expectedNetuid);
    }

    @Override
    public Metagraph load() throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException("metagraph file " + file + " does not exist", e);
        }
        Metagraph m;
        try {
            m = MetagraphJson.read(text);
        } catch (MetagraphJson.InvalidMetagraphJsonException e) {
            throw new IOException("metagraph file " + file + ": " + e.getMessage(), e);
        }
        if (expectedNetuid.isPresent() && m.netuid() != expectedNetuid.getAsInt()) {
            throw new IOException("metagraph file " + file + " holds netuid " + m.netuid() + ", expected "
                    + expectedNetuid.getAsInt());
        }
        return m;
    }

    @Override
    public String describe() {
        return "static:" + file;
    }
}
