package io.computeregister.miner.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A root file system assembled in memory and written as one tar (an image layer). Every entry is owned by root;
 * parent directories are added (0755) before their children, and the first entry for a path wins.
 */
final class RootFsTar {

    private sealed interface Node permits Dir, File, Link {}

    private record Dir(int mode) implements Node {}

    private record File(byte[] content, int mode) implements Node {}

    private record Link(String target) implements Node {}

    private final Map<String, Node> nodes = new LinkedHashMap<>();

    RootFsTar dir(String path, int mode) {
        parents(path);
        nodes.putIfAbsent(clean(path), new Dir(mode));
        return this;
    }

    RootFsTar file(String path, byte[] content, int mode) {
        parents(path);
        nodes.putIfAbsent(clean(path), new File(content, mode));
        return this;
    }

    RootFsTar symlink(String path, String target) {
        parents(path);
        nodes.putIfAbsent(clean(path), new Link(target));
        return this;
    }

    boolean contains(String path) {
        return nodes.containsKey(clean(path));
    }

    byte[] toTar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, Node> e : nodes.entrySet()) {
                TarArchiveEntry entry;
                switch (e.getValue()) {
                    case Dir d -> {
                        entry = new TarArchiveEntry(e.getKey() + "/");
                        entry.setMode(040000 | d.mode());
                    }
                    case File f -> {
                        entry = new TarArchiveEntry(e.getKey());
                        entry.setMode(0100000 | f.mode());
                        entry.setSize(f.content().length);
                    }
                    case Link l -> {
                        entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                        entry.setLinkName(l.target());
                    }
                }
                entry.setIds(0, 0);
                // Fixed time: the same host files give the same layer bytes.
                entry.setModTime(0);
                tar.putArchiveEntry(entry);
                if (e.getValue() instanceof File f) {
                    tar.write(f.content());
                }
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void parents(String path) {
        String p = clean(path);
        int slash = p.indexOf('/');
        while (slash > 0) {
            nodes.putIfAbsent(p.substring(0, slash), new Dir(0755));
            slash = p.indexOf('/', slash + 1);
        }
    }

    private static String clean(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.contains("..")) {
            throw new IllegalArgumentException("bad root fs path: " + path);
        }
        return p;
    }
}
