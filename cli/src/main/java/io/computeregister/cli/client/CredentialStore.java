package io.computeregister.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.cli.CliErrors.UserError;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The renter's own copy of each allocation's credentials, written at allocate time: {@code <dir>/<uuid>.json}, mode
 * 600 in a 700 directory. List endpoints never return passwords, so this is the only place {@code compute ssh} can
 * find one. Files are written to a temp file and moved into place, so a crash never leaves half a file.
 */
public final class CredentialStore {

    /** uuid_key values become file names: allow only what a uuid can hold, never a path. */
    private static final Pattern SAFE_UUID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private final Path dir;

    public CredentialStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /**
     * A stored allocation: the API's {@code Allocation} (docs/protocol.md §9.3) plus where it came from and the local
     * key file.
     */
    public record Saved(String api, JsonNode allocation, String identityFile) {

        public String uuid() {
            return allocation.path("uuid_key").asText();
        }

        public String hotkey() {
            return allocation.path("hotkey").asText();
        }

        @Override
        public String toString() {
            return "Saved[uuid=" + uuid() + ", hotkey=" + hotkey() + ", api=" + api + "]";
        }
    }

    public static void checkUuid(String uuid) {
        if (uuid == null || !SAFE_UUID.matcher(uuid).matches()) {
            throw new UserError("UUID: not an allocation uuid: '" + uuid + "' (letters, digits and '-' only)");
        }
    }

    public void save(String api, JsonNode allocation, Path identityFile) {
        String uuid = allocation.path("uuid_key").asText();
        checkUuid(uuid);
        ObjectNode doc = RegisterClient.JSON.createObjectNode();
        doc.put("api", api);
        doc.set("allocation", allocation);
        doc.put("identity_file", identityFile == null ? null : identityFile.toAbsolutePath().toString());
        try {
            Files.createDirectories(dir);
            restrict(dir, "rwx------");
            Path tmp = Files.createTempFile(dir, "." + uuid, ".tmp");
            restrict(tmp, "rw-------");
            Files.writeString(tmp, RegisterClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            try {
                Files.move(tmp, file(uuid), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file(uuid), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UserError("allocated " + uuid + ", but cannot store its credentials in " + dir + ": "
                    + e.getMessage(), 1);
        }
    }

    public Optional<Saved> find(String uuid) {
        checkUuid(uuid);
        try {
            JsonNode doc = RegisterClient.JSON.readTree(Files.readString(file(uuid)));
            String identity = doc.path("identity_file").isTextual() ? doc.get("identity_file").asText() : null;
            return Optional.of(new Saved(doc.path("api").asText(null), doc.path("allocation"), identity));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UserError("cannot read " + file(uuid) + ": " + e.getMessage());
        }
    }

    public void delete(String uuid) {
        checkUuid(uuid);
        try {
            Files.deleteIfExists(file(uuid));
        } catch (IOException e) {
            throw new UserError("cannot delete " + file(uuid) + ": " + e.getMessage(), 1);
        }
    }

    Path file(String uuid) {
        return dir.resolve(uuid + ".json");
    }

    private static void restrict(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the user's profile directory is already private
        }
    }
}
