package io.computeregister.miner.runtime.sandbox;

import io.computeregister.miner.runtime.PasswordHash;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What a sandbox allocation needs to come back after a restart of the allocation or of the miner: where it listens,
 * who logs in, and the password's hash (never the password; {@link PasswordHash}). Stored as
 * {@code .sandbox/allocation.properties} in the allocation directory.
 */
record SandboxLogin(String allocationId, String sshHost, int sshPort, String username, String passwordHash) {

    static final String FILE = "allocation.properties";

    static Path file(Path stateDir) {
        return stateDir.resolve(FILE);
    }

    static SandboxLogin read(Path stateDir) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file(stateDir), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        try {
            String hash = required(p, "password_hash");
            if (!PasswordHash.isHash(hash)) {
                throw new IllegalArgumentException("'password_hash' is not a SHA-512 crypt hash");
            }
            return new SandboxLogin(required(p, "id"), required(p, "ssh_host"),
                    Integer.parseInt(required(p, "ssh_port")), required(p, "username"), hash);
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
        p.setProperty("password_hash", passwordHash);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "sandbox allocation (written by the miner; the password is stored only as a hash)");
        }
        OwnerOnly.restrict(tmp);
        Files.move(tmp, file(stateDir), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Whether {@code password} is this allocation's. */
    boolean passwordMatches(String password) {
        return PasswordHash.matches(passwordHash, password);
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "SandboxLogin[" + allocationId + " " + username + "@" + sshHost + ":" + sshPort + "]";
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + key + "' is missing");
        }
        return value;
    }
}
