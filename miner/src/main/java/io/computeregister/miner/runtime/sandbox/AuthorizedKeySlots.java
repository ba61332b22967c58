package io.computeregister.miner.runtime.sandbox;

import io.computeregister.miner.runtime.ContainerRuntime.KeySlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code authorized_keys} of a sandbox allocation, laid out like the original's container: line 1 the renter's
 * ("user") key, line 2 the "terminal" key (either may be empty). The file is read at every public-key attempt, as
 * OpenSSH does, so {@link #replace} takes effect for the next login without a restart. It lives in the allocation's
 * state directory, outside the renter's sandbox: keys change through {@code exchange_key} only.
 */
final class AuthorizedKeySlots {

    private static final Logger log = LoggerFactory.getLogger(AuthorizedKeySlots.class);

    private final Path file;

    AuthorizedKeySlots(Path file) {
        this.file = file;
    }

    /** Writes a fresh file with the user key in slot 1 and an empty terminal slot. */
    static AuthorizedKeySlots create(Path file, String userKey) throws IOException {
        AuthorizedKeySlots slots = new AuthorizedKeySlots(file);
        Files.createDirectories(file.getParent());
        OwnerOnly.restrict(file.getParent());
        slots.write(List.of(userKey, ""));
        return slots;
    }

    /**
     * Checks that a key is one OpenSSH public-key line ("ssh-ed25519 AAAA... comment") or empty (clears the slot).
     *
     * @throws IllegalArgumentException naming {@code field} and what is wrong
     */
    static String validate(String field, String key) {
        String line = key == null ? "" : key.strip();
        if (line.isEmpty()) {
            return "";
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(field + " must be a single authorized_keys line");
        }
        try {
            PublicKey parsed = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)
                    .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            if (parsed == null) {
                throw new IllegalArgumentException(field + " has an unsupported key type");
            }
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException(field + " is not an OpenSSH public key line (expected e.g. "
                    + "'ssh-ed25519 AAAA... comment'): " + e.getMessage());
        }
        return line;
    }

    /** Replaces one slot, keeping the other and any further lines. Atomic for concurrent readers. */
    synchronized void replace(KeySlot slot, String key) throws IOException {
        List<String> lines = new ArrayList<>(readLines());
        while (lines.size() < 2) {
            lines.add("");
        }
        lines.set(slot == KeySlot.USER ? 0 : 1, key);
        write(lines);
    }

    /** Whether {@code offered} matches any key line in the file now. */
    boolean accepts(PublicKey offered) {
        List<String> lines;
        try {
            lines = readLines();
        } catch (IOException e) {
            log.warn("cannot read {}: {}", file, e.toString());
            return false;
        }
        for (String line : lines) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            try {
                PublicKey key = AuthorizedKeyEntry.parseAuthorizedKeyEntry(entry)
                        .resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
                if (key != null && KeyUtils.compareKeys(key, offered)) {
                    return true;
                }
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
                log.debug("skipping an unreadable line of {}: {}", file, e.toString());
            }
        }
        return false;
    }

    private List<String> readLines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private void write(List<String> lines) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        OwnerOnly.restrict(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
