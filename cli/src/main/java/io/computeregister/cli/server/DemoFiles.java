package io.computeregister.cli.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.api.auth.ApiKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/**
 * The files {@code compute demo} keeps in its data directory so the printed commands can be pasted as they are:
 * the admin key ({@code admin.key}), an SSH key pair for the renter ({@code ssh/id_ecdsa}) and the body of the
 * suggested allocate request ({@code allocate.json}, carrying that public key). Secrets are written owner-only.
 */
final class DemoFiles {

    static final String ADMIN_KEY = "admin.key";
    static final String SSH_KEY = "ssh/id_ecdsa";
    static final String ALLOCATE_BODY = "allocate.json";
    static final String ALLOCATION_OUT = "allocation.json";

    private final Path dir;

    DemoFiles(Path dir) {
        this.dir = dir;
    }

    /** The persisted admin key, generated on the first run. */
    String adminKey() throws IOException {
        Path file = dir.resolve(ADMIN_KEY);
        if (Files.exists(file)) {
            String key = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!key.isEmpty()) return key;
        }
        String key = ApiKeys.issue("demo-admin", Instant.now()).key();
        writeOwnerOnly(file, key + "\n");
        return key;
    }

    /** Creates the renter's SSH key pair (ECDSA P-256, OpenSSH format) unless it exists; returns the public line. */
    String sshPublicKey() throws IOException {
        Path priv = dir.resolve(SSH_KEY);
        Path pub = dir.resolve(SSH_KEY + ".pub");
        if (!Files.exists(priv) || !Files.exists(pub)) {
            Files.createDirectories(priv.getParent());
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = generator.generateKeyPair();
                ByteArrayOutputStream privateText = new ByteArrayOutputStream();
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "compute-demo", null, privateText);
                ByteArrayOutputStream publicText = new ByteArrayOutputStream();
                OpenSSHKeyPairResourceWriter.INSTANCE.writePublicKey(pair.getPublic(), "compute-demo", publicText);
                writeOwnerOnly(priv, privateText.toString(StandardCharsets.UTF_8));
                Files.writeString(pub, publicText.toString(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot create the demo SSH key: " + e.getMessage(), e);
            }
        }
        return Files.readString(pub, StandardCharsets.UTF_8).strip();
    }

    /** Writes the suggested allocate_spec body (1 CPU, 1 GB RAM, 1 GB disk, 1 day, the demo's public key). */
    void writeAllocateBody(String sshPublicKey) throws IOException {
        ObjectNode body = new ObjectMapper().createObjectNode();
        ObjectNode requirements = body.putObject("requirements");
        requirements.put("cpu_count", 1).put("gpu_type", "").put("gpu_size", 0).put("ram", 1).put("hard_disk", 1)
                .put("timeline", 1);
        body.putObject("docker_requirement").put("ssh_key", sshPublicKey);
        Files.writeString(dir.resolve(ALLOCATE_BODY), body.toString() + "\n");
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
