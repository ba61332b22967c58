package io.computeregister.miner.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Reads and writes single files of a container through Docker's archive API ({@code GET/PUT /containers/x/archive}).
 * It works on created (not yet started) and running containers, takes the content as bytes and never runs a command
 * inside, which is why credentials go this way instead of through {@code exec}.
 */
final class ContainerFiles {

    /** A file to place in the container: absolute path, content, permission bits. Owner is root. */
    record FileToWrite(String path, byte[] content, int mode) {}

    /** A file read back: content and its permission bits. */
    record FileRead(byte[] content, int mode) {}

    private final DockerClient docker;

    ContainerFiles(DockerClient docker) {
        this.docker = docker;
    }

    Optional<FileRead> read(String container, String path) {
        try (InputStream in = docker.copyArchiveFromContainerCmd(container, path).exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry entry = tar.getNextEntry();
            if (entry == null || !entry.isFile()) {
                return Optional.empty();
            }
            return Optional.of(new FileRead(tar.readAllBytes(), entry.getMode() & 07777));
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + path + " from " + container, e);
        }
    }

    /**
     * Writes the files in one archive upload. Parent directories below the top level get mode 0700 (the only ones are
     * under /root). Docker extracts as the container's root user.
     */
    void write(String container, List<FileToWrite> files) {
        docker.copyArchiveToContainerCmd(container)
                .withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(tar(files)))
                .exec();
    }

    static byte[] tar(List<FileToWrite> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            Set<String> dirs = new LinkedHashSet<>();
            for (FileToWrite f : files) {
                String rel = relative(f.path());
                int slash = rel.indexOf('/');
                while (slash > 0) {
                    dirs.add(rel.substring(0, slash + 1));
                    slash = rel.indexOf('/', slash + 1);
                }
            }
            for (String dir : dirs) {
                // A directory entry also re-applies its mode to an existing directory, so top-level ones (/etc,
                // /root) are left out to keep the image's own modes; deeper ones (/root/.ssh) get 0700, which sshd
                // demands anyway.
                if (dir.indexOf('/') == dir.length() - 1) {
                    continue;
                }
                TarArchiveEntry e = new TarArchiveEntry(dir);
                e.setMode(040700);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
            for (FileToWrite f : files) {
                TarArchiveEntry e = new TarArchiveEntry(relative(f.path()));
                e.setMode(0100000 | f.mode());
                e.setSize(f.content().length);
                tar.putArchiveEntry(e);
                tar.write(f.content());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String relative(String absolute) {
        if (!absolute.startsWith("/") || absolute.contains("..")) {
            throw new IllegalArgumentException("not a plain absolute path: " + absolute);
        }
        return absolute.substring(1);
    }
}
