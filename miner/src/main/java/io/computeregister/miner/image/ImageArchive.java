package io.computeregister.miner.image;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A one-layer image in the {@code docker save} format, for {@code POST /images/load}. We use load rather than import
 * ({@code POST /images/create?fromSrc=-}) because docker-java's import cannot pass the {@code changes} that set CMD,
 * while the load format carries the whole image config (CMD, ENV, exposed port) in a JSON file we write.
 *
 * <pre>
 * manifest.json           [{"Config": "&lt;sha&gt;.json", "RepoTags": [tag], "Layers": ["&lt;sha&gt;/layer.tar"]}]
 * &lt;config sha&gt;.json       image config; rootfs.diff_ids = [sha256 of layer.tar]
 * &lt;layer sha&gt;/layer.tar   the root file system
 * </pre>
 */
final class ImageArchive {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageArchive() {}

    static byte[] build(String tag, byte[] layerTar, List<String> cmd, List<String> env, Map<String, String> labels,
            String exposedPort) {
        String layerSha = sha256(layerTar);

        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", dockerArchitecture());
        config.put("os", "linux");
        config.put("created", "1970-01-01T00:00:00Z");
        ObjectNode runConfig = config.putObject("config");
        ArrayNode envArray = runConfig.putArray("Env");
        env.forEach(envArray::add);
        ArrayNode cmdArray = runConfig.putArray("Cmd");
        cmd.forEach(cmdArray::add);
        runConfig.putObject("ExposedPorts").putObject(exposedPort);
        ObjectNode labelNode = runConfig.putObject("Labels");
        labels.forEach(labelNode::put);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add("sha256:" + layerSha);
        config.putArray("history").addObject().put("created", "1970-01-01T00:00:00Z")
                .put("created_by", "compute image build-test");
        byte[] configBytes = write(config);
        String configName = sha256(configBytes) + ".json";

        ArrayNode manifest = JSON.createArrayNode();
        ObjectNode image = manifest.addObject();
        image.put("Config", configName);
        image.putArray("RepoTags").add(tag);
        image.putArray("Layers").add(layerSha + "/layer.tar");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry dir = new TarArchiveEntry(layerSha + "/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            put(tar, layerSha + "/layer.tar", layerTar);
            put(tar, configName, configBytes);
            put(tar, "manifest.json", write(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0100644);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static byte[] write(Object node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Docker's names for the JVM's architectures; the image holds this host's binaries, so it is this host's. */
    private static String dockerArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
