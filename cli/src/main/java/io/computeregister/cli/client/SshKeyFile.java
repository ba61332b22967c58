package io.computeregister.cli.client;

import io.computeregister.cli.CliErrors.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.io.resource.PathResource;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * The key a renter passes with {@code --ssh-key FILE}: either a public key ({@code id_ed25519.pub}, whose private
 * half is expected beside it without {@code .pub}) or an unencrypted private key, whose public half is derived.
 *
 * @param publicKey    the authorized_keys line sent to the API
 * @param identityFile the private key for {@code ssh -i}, or null if there is none beside a {@code .pub}
 */
record SshKeyFile(String publicKey, Path identityFile) {

    static SshKeyFile read(Path file) {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new UserError("--ssh-key " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("--ssh-key " + file + ": cannot read: " + e.getMessage());
        }
        if (text.startsWith("ssh-") || text.startsWith("ecdsa-") || text.startsWith("sk-")) {
            if (text.lines().count() != 1) throw new UserError("--ssh-key " + file + ": expected one public key line");
            String name = file.getFileName().toString();
            Path priv = name.endsWith(".pub") ? file.resolveSibling(name.substring(0, name.length() - 4)) : null;
            return new SshKeyFile(text, priv != null && Files.isRegularFile(priv) ? priv : null);
        }
        if (text.startsWith("-----BEGIN")) {
            return new SshKeyFile(derivePublic(file), file);
        }
        throw new UserError("--ssh-key " + file + ": neither an OpenSSH public key nor a PEM/OpenSSH private key");
    }

    private static String derivePublic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, new PathResource(file), in,
                    FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) throw new UserError("--ssh-key " + file + ": no key found in the file");
            return PublicKeyEntry.toString(it.next().getPublic()) + " compute-cli";
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof UserError ue) throw ue;
            // the message of a key parser never contains key material, only what was wrong
            throw new UserError("--ssh-key " + file + ": cannot read the private key (encrypted keys: pass the .pub "
                    + "file instead): " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "SshKeyFile[" + identityFile + "]";
    }
}
