package io.computeregister.bittensor.wallet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.crypto.Ss58;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One Bittensor key file (docs/protocol.md §B4.2/§B4.3): plaintext JSON with {@code secretSeed}, {@code secretPhrase},
 * {@code privateKey}, {@code publicKey}, {@code ss58Address}, written by btwallet or bittensor 6.x. Encrypted files are
 * recognised by their prefix and refused with a clear message. Errors never quote the file's content.
 */
final class KeyFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_SIZE = 64 * 1024;

    private final Path path;
    private final String text;

    private KeyFile(Path path, String text) {
        this.path = path;
        this.text = text;
    }

    static KeyFile read(Path path) {
        try {
            if (Files.size(path) > MAX_SIZE) {
                throw new KeyFileException("key file " + path + " is larger than 64 KiB; not a Bittensor key file");
            }
            return new KeyFile(path, Files.readString(path, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            throw new KeyFileException("key file " + path + " does not exist");
        } catch (IOException e) {
            throw new KeyFileException("key file " + path + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** The key pair held by a secret key file, from {@code secretSeed}, else {@code secretPhrase}, else {@code privateKey}. */
    Keypair keypair() {
        JsonNode json = json();
        Keypair kp;
        try {
            if (json.hasNonNull("secretSeed")) {
                kp = Keypair.fromSeed(hex(json.get("secretSeed").asText(), 32, "secretSeed"));
            } else if (json.hasNonNull("secretPhrase")) {
                kp = Keypair.fromSuri(json.get("secretPhrase").asText());
            } else if (json.hasNonNull("privateKey")) {
                byte[] secretKey = hex(json.get("privateKey").asText(), 64, "privateKey");
                kp = Keypair.fromSuri("0x" + HexFormat.of().formatHex(secretKey));
            } else {
                throw new KeyFileException("key file " + path
                        + " holds no secret (no secretSeed, secretPhrase or privateKey); it is a public key file");
            }
        } catch (KeyFileException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("key file " + path + " holds an invalid secret: " + e.getMessage());
        }
        publicAddress(json).ifPresent(expected -> {
            if (!expected.equals(kp.ss58Address())) {
                throw new KeyFileException("key file " + path + ": the secret gives " + kp.ss58Address()
                        + " but the file says " + expected + "; the file is corrupt or edited");
            }
        });
        return kp;
    }

    /** The SS58 address of a public (or secret) key file; bittensor 6.x also wrote a bare {@code 0x} public key. */
    String ss58Address() {
        if (text.startsWith("0x") && !text.startsWith("{")) {
            return Ss58.encode(hex(text, 32, "public key"));
        }
        return publicAddress(json()).orElseThrow(() -> new KeyFileException(
                "key file " + path + " has neither ss58Address nor publicKey"));
    }

    private Optional<String> publicAddress(JsonNode json) {
        if (json.hasNonNull("ss58Address")) {
            String address = json.get("ss58Address").asText();
            if (!Ss58.isValid(address)) {
                throw new KeyFileException("key file " + path + " has an invalid ss58Address");
            }
            return Optional.of(address);
        }
        if (json.hasNonNull("publicKey")) {
            return Optional.of(Ss58.encode(hex(json.get("publicKey").asText(), 32, "publicKey")));
        }
        return Optional.empty();
    }

    private JsonNode json() {
        refuseEncrypted();
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new KeyFileException("key file " + path + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's message can quote the input, which may be a secret: report only where it broke.
            throw new KeyFileException("key file " + path + " is not valid JSON (line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")");
        }
    }

    private void refuseEncrypted() {
        String format = null;
        if (text.startsWith("$NACL")) {
            format = "NaCl secretbox ($NACL)";
        } else if (text.startsWith("$ANSIBLE_VAULT")) {
            format = "ansible vault";
        } else if (text.startsWith("gAAAAA")) {
            format = "legacy Fernet";
        }
        if (format != null) {
            throw new KeyFileException("key file " + path + " is encrypted (" + format
                    + "); encrypted keyfiles are not supported yet. Use a plaintext hotkey"
                    + " (btcli's default for hotkeys)");
        }
    }

    private byte[] hex(String value, int bytes, String field) {
        String digits = value.startsWith("0x") ? value.substring(2) : value;
        if (digits.length() != bytes * 2) {
            throw new KeyFileException("key file " + path + ": " + field + " must be " + bytes + " bytes of hex");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException("key file " + path + ": " + field + " is not valid hex");
        }
    }
}
