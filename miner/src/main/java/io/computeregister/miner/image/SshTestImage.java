package io.computeregister.miner.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ~5 MB image with an SSH server, built without any registry: this host's busybox (shell and tools) and dropbear
 * (sshd) with the libraries they load, an {@code /etc/passwd} with root, a locked root entry in {@code /etc/shadow}
 * (the docker runtime writes the real hash per allocation) and an empty {@code /root/.ssh/authorized_keys}.
 * Dropbear generates its host keys at the first connection ({@code -R}), so every container gets its own.
 *
 * <p>The root file system is assembled in memory as a tar and loaded into the engine as a one-layer image.
 */
public final class SshTestImage {

    public static final String DEFAULT_TAG = "compute-register/ssh-test:latest";
    static final String LABEL = "io.computeregister.test-image";

    /** dropbear in the foreground, logging to stderr, port 22, host keys made on demand; password and key login on. */
    static final List<String> CMD = List.of("/usr/sbin/dropbear", "-F", "-E", "-R", "-p", "22");

    /** The host lacks busybox or dropbear; the message says what to install. */
    public static final class MissingHostTools extends RuntimeException {
        MissingHostTools(String message) {
            super(message);
        }
    }

    /** @param built false when the tag was already present and nothing was done */
    public record Result(String tag, String imageId, boolean built, long sizeBytes) {}

    private SshTestImage() {}

    /** Builds {@code tag} unless it already exists; {@code force} rebuilds (the old image loses the tag). */
    public static Result ensureBuilt(DockerClient docker, String tag, boolean force) {
        if (!force) {
            Optional<InspectImageResponse> present = inspect(docker, tag);
            if (present.isPresent()) {
                return new Result(tag, present.get().getId(), false, sizeOf(present.get()));
            }
        }
        byte[] layer = rootFs(HostTools.find()).toTar();
        byte[] archive = ImageArchive.build(tag, layer, CMD,
                List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root"),
                Map.of(LABEL, "true"), "22/tcp");
        docker.loadImageCmd(new ByteArrayInputStream(archive)).exec();
        // The load endpoint reports errors inside a 200 stream, so check the outcome instead of trusting the call.
        InspectImageResponse loaded = inspect(docker, tag).orElseThrow(() ->
                new IllegalStateException("the engine did not register " + tag + " after loading it"));
        return new Result(tag, loaded.getId(), true, sizeOf(loaded));
    }

    static RootFsTar rootFs(HostTools tools) {
        RootFsTar fs = new RootFsTar();
        for (String dir : List.of("bin", "sbin", "usr/bin", "usr/sbin", "lib", "etc", "etc/dropbear", "dev", "proc",
                "sys", "run", "var", "var/log", "home")) {
            fs.dir(dir, 0755);
        }
        fs.dir("tmp", 01777);
        fs.symlink("var/run", "/run");
        fs.dir("root", 0700).dir("root/.ssh", 0700);
        fs.file("root/.ssh/authorized_keys", new byte[0], 0600);

        fs.file("bin/busybox", read(tools.busybox), 0755);
        for (String applet : tools.busyboxApplets()) {
            if (!fs.contains(applet)) {
                fs.symlink(applet, "/bin/busybox");
            }
        }
        fs.file("usr/sbin/dropbear", read(tools.dropbear), 0755);
        // Loader, libc and friends at the paths ldd reports (the loader path is baked into the binary). Reading
        // follows symlinks, so each lands as a regular file under the name the loader looks for.
        for (Path lib : HostTools.sharedLibraries(tools.busybox, tools.dropbear)) {
            fs.file(lib.toString(), read(lib), 0755);
            // glibc before 2.34 loads the passwd/shadow lookup from libnss_files at run time: take it along.
            Path nss = lib.resolveSibling("libnss_files.so.2");
            if (lib.getFileName().toString().startsWith("libc.so") && Files.isReadable(nss)) {
                fs.file(nss.toString(), read(nss), 0755);
            }
        }

        long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        fs.file("etc/passwd", utf8("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n"), 0644);
        fs.file("etc/group", utf8("root:x:0:\nnogroup:x:65534:\n"), 0644);
        // Locked ("*") until the runtime installs a hash.
        fs.file("etc/shadow", utf8("root:*:" + today + ":0:99999:7:::\nnobody:*:" + today + ":0:99999:7:::\n"), 0600);
        fs.file("etc/shells", utf8("/bin/sh\n"), 0644);
        fs.file("etc/nsswitch.conf", utf8("passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n"), 0644);
        return fs;
    }

    private static Optional<InspectImageResponse> inspect(DockerClient docker, String tag) {
        try {
            return Optional.of(docker.inspectImageCmd(tag).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static long sizeOf(InspectImageResponse image) {
        return image.getSize() == null ? 0 : image.getSize();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
