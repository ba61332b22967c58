package io.computeregister.miner.wandb;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Properties;

/**
 * The miner's W&amp;B run id, kept in its data directory so that a restart writes the same run (the original keeps it
 * in its {@code wandb_runs} table, docs/protocol.md §1.3): one id per project and hotkey, so that another hotkey or
 * another project gets a run of its own. A new id is what the W&amp;B client makes: 8 characters of [a-z0-9].
 */
final class RunIdFile {

    static final String FILE = "wandb-runs.properties";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIdFile() {}

    /**
     * The run id kept for this project and hotkey; a new one, written to the file first, when there is none.
     *
     * @throws UncheckedIOException when the file cannot be read or written (a miner without its data dir)
     */
    static synchronized String runIdFor(Path dataDir, String projectPath, String hotkey) {
        Path file = dataDir.resolve(FILE);
        Properties ids = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    ids.load(in);
                }
            }
            String key = projectPath + "/" + hotkey;
            String id = ids.getProperty(key);
            if (id != null && !id.isBlank()) return id.strip();
            id = newId();
            ids.setProperty(key, id);
            // Written before the run exists: a crash in between reuses the id instead of leaving a second run.
            Files.createDirectories(dataDir);
            Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                ids.store(out, "W&B run ids of this miner, by entity/project/hotkey");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the W&B run id in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String newId() {
        StringBuilder sb = new StringBuilder(8);
        for (int i = 0; i < 8; i++) sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
