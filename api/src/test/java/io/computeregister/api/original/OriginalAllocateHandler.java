package io.computeregister.api.original;

import io.computeregister.protocol.allocate.Allocate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * {@code neurons/miner.py}'s {@code allocate} forward and what it calls in {@code Miner/allocate.py}, written from
 * docs/protocol.md §3.2-§3.4 and §4 (the dispatch below is that table, row by row):
 *
 * <pre>
 * checking  docker_change  timeline  action                                            output
 * true      any            > 0       check_allocation: is a container running?         {"status": not running}
 * true      any            <= 0      check_if_allocated: stored key == key and running {"status": bool}
 * false     true           any       docker_action, public_key NOT checked             {"status": bool} / {} unknown
 * false     false          > 0       register_allocation (allocate_action flag)        {"status", "info"} / false
 * false     false          <= 0      deregister_allocation: stored key == key          {"status": bool}
 * then: update_allocation (W&amp;B "allocated"), output["port"] = --ssh.port
 * </pre>
 *
 * The synapse's dicts are read as Python reads them (raw maps, a missing key fails the call), not through our own
 * typed parsers.
 */
final class OriginalAllocateHandler {

    /** {@code __version_as_int__} of the original release the reference describes (1.8.3). */
    static final int VERSION = 183;

    private final OriginalContainers containers;
    private final Path allocationKey;
    private final int sshPort;
    private final AllocatedHook hook;
    /** COMPAT: the original's flag, checked and set without a lock, exactly as racy. */
    private volatile boolean allocateAction;

    OriginalAllocateHandler(OriginalContainers containers, Path workDir, int sshPort, AllocatedHook hook) {
        this.containers = containers;
        this.allocationKey = workDir.resolve("allocation_key");
        this.sshPort = sshPort;
        this.hook = hook;
    }

    Allocate handle(Allocate synapse) {
        Map<String, Object> docker = new LinkedHashMap<>(synapse.dockerRequirement());
        docker.put("ssh_port", sshPort); // the miner's own --ssh.port replaces whatever the caller sent
        String publicKey = synapse.publicKey();
        Map<String, Object> output;
        if (synapse.checking()) {
            output = synapse.timeline() > 0 ? status(!containers.anyRunning()) : checkIfAllocated(publicKey);
        } else if (synapse.dockerChange()) {
            output = dockerAction(synapse.dockerAction());
        } else if (synapse.timeline() > 0) {
            if (!allocateAction) {
                allocateAction = true;
                try {
                    output = registerAllocation(synapse.deviceRequirement(), publicKey, docker);
                } finally {
                    allocateAction = false;
                }
            } else {
                output = status(false);
            }
        } else {
            output = deregisterAllocation(publicKey);
        }
        updateAllocation(synapse, output);
        output.put("port", sshPort);
        return synapse.output(output);
    }

    /** {@code update_allocation}: a confirmed non-checking call sets W&amp;B "allocated" to the caller or null. */
    private void updateAllocation(Allocate synapse, Map<String, Object> output) {
        if (!synapse.checking() && Boolean.TRUE.equals(output.get("status"))) {
            hook.allocated(synapse.timeline() > 0 ? synapse.dendrite().hotkey() : null);
        }
    }

    private Map<String, Object> dockerAction(Map<String, Object> action) {
        Object name = action.get("action");
        try {
            if ("exchange_key".equals(name)) {
                Object keyType = action.getOrDefault("key_type", "user");
                return status(containers.exchangeKey(String.valueOf(action.get("ssh_key")), String.valueOf(keyType)));
            }
            if ("restart".equals(name)) return status(containers.restart());
            if ("pause".equals(name)) return status(containers.pause());
            if ("unpause".equals(name) || "resume".equals(name)) return status(containers.unpause());
        } catch (RuntimeException e) {
            return status(false); // each container function catches everything and answers False
        }
        return new LinkedHashMap<>(); // an unknown action leaves output without "status"
    }

    /**
     * docs/protocol.md §3.3: kill first, then the (unapplied) limits, then a fresh container and its encrypted
     * credentials.
     */
    private Map<String, Object> registerAllocation(Map<String, Object> device, String publicKey,
                                                   Map<String, Object> docker) {
        try {
            containers.kill();
            // Read as the original reads them (a KeyError fails the call); none of them is applied to the container.
            number(dict(device, "cpu"), "count");
            number(dict(device, "ram"), "capacity");
            number(dict(device, "hard_disk"), "capacity");
            dict(device, "gpu");
            boolean testing = Boolean.TRUE.equals(device.get("testing"));

            String password = containers.password();
            Object sshKey = docker.get("ssh_key");
            if (!containers.run(testing, password, sshKey == null ? "" : sshKey.toString())) return status(false);

            Map<String, Object> info = new LinkedHashMap<>();
            info.put("username", "root");
            info.put("password", password);
            info.put("port", docker.get("ssh_port"));
            info.put("version", VERSION);
            String encrypted = encrypt(publicKey, PythonJson.dumps(info));
            Files.writeString(allocationKey,
                    Base64.getEncoder().encodeToString(publicKey.getBytes(StandardCharsets.UTF_8)));
            // The original then replaces every `at` job with a kill after `timeline` days; tests never get there.
            Map<String, Object> out = status(true);
            out.put("info", encrypted);
            return out;
        } catch (Exception e) {
            return status(false);
        }
    }

    /** docs/protocol.md §3.4: only the key the allocation was made with (after trimming) kills the container. */
    private Map<String, Object> deregisterAllocation(String publicKey) {
        try {
            if (!storedKey().strip().equals(publicKey.strip())) return status(false);
            if (!containers.kill()) return status(false);
            Files.writeString(allocationKey, "");
            return status(true);
        } catch (Exception e) {
            return status(false);
        }
    }

    private Map<String, Object> checkIfAllocated(String publicKey) {
        try {
            if (!Files.exists(allocationKey) || Files.readString(allocationKey).isBlank()) return status(false);
            if (!storedKey().strip().equals(publicKey.strip())) return status(false);
            return status(containers.anyRunning());
        } catch (Exception e) {
            return status(false);
        }
    }

    private String storedKey() throws IOException {
        return new String(Base64.getDecoder().decode(Files.readString(allocationKey).strip()), StandardCharsets.UTF_8);
    }

    /**
     * docs/protocol.md §4: RSA-OAEP, SHA-256 and MGF1-SHA-256, empty label, with the request's PEM; standard padded
     * base64.
     */
    private static String encrypt(String publicKeyPem, String plaintext) throws GeneralSecurityException {
        String body = publicKeyPem.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key,
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> status(boolean value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", value);
        return out;
    }

    private static Map<?, ?> dict(Map<?, ?> parent, String key) {
        if (!(parent.get(key) instanceof Map<?, ?> child)) throw new IllegalArgumentException("KeyError: " + key);
        return child;
    }

    private static Number number(Map<?, ?> parent, String key) {
        if (!(parent.get(key) instanceof Number n)) throw new IllegalArgumentException("KeyError: " + key);
        return n;
    }
}
