package io.computeregister.miner.runtime.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a sandbox allocation needs to come back after a restart of the allocation or of the miner: where it listens,
 * who logs in, and the password's hash (never the password). Stored as {@code .sandbox/allocation.properties} in the
 * allocation directory.
 */
record SandboxSettings(String allocationId, String sshHost, int sshPort, String username, PasswordHash password) {

    static final String FILE = "allocation.properties";

    static Path file(Path stateDir) {
        return stateDir.resolve(FILE);
    }

    static SandboxSettings read(Path stateDir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file(stateDir), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            return new SandboxSettings(required(p, "id"), required(p, "ssh_host"),
                    Integer.parseInt(required(p, "ssh_port")), required(p, "username"),
                    PasswordHash.parse(required(p, "password_hash")));
        } catch (IllegalArgumentException e) {
            throw new IOException(file(stateDir) + " is damaged: " + e.getMessage());
        }
    }

    void write(Path stateDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("id", allocationId);
        p.setProperty("ssh_host", sshHost);
        p.setProperty("ssh_port", Integer.toString(sshPort));
        p.setProperty("username", username);
        p.setProperty("password_hash", password.text());
        Path tmp = stateDir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "sandbox allocation (written by the miner; the password is stored only as a hash)");
        }
        OwnerOnly.restrict(tmp);
        Files.move(tmp, file(stateDir), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }
}
