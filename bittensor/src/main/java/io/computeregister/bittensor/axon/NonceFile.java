package io.computeregister.bittensor.axon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NonceStore} in one append-only text file: a line {@code <nonce> <hotkey:uuid>} per accepted request.
 *
 * <p>Why one plain write per request and no fsync: the record has to outlive the process (a crash, kill -9, a
 * redeploy) before the request's handler runs, and a write does, since the bytes sit in the kernel's page cache,
 * which outlives the process. An fsync per request would put a disk flush (milliseconds) on every call for the one
 * case a write does not cover, an OS crash or power cut; the host is then down for longer than the widest freshness
 * window (16 s), so the requests accepted just before are refused as too old anyway (unless the caller's clock ran
 * ahead of ours by more than the outage). The file is forced to disk when compacted and when closed.
 *
 * <p>When the file holds many more lines than keys it is compacted: rewritten to one line per live key, forced, and
 * renamed over the old one (a power cut during that leaves the old file, which says no less). Opening compacts too,
 * so a line torn by a power cut is dropped before anything is appended behind it.
 */
public final class NonceFile implements NonceStore {
    private static final Logger log = LoggerFactory.getLogger(NonceFile.class);
    /** Lines beyond twice the live keys before a rewrite: keeps rewrites rare at a few hundred KB of file. */
    private static final long SLACK_LINES = 10_000;

    private final Path path;
    private final Map<String, Long> latest = new HashMap<>();
    private FileChannel appends;
    private long lines;

    private NonceFile(Path path) {
        this.path = path;
    }

    /** Opens (or creates) the file at {@code path}, e.g. {@code <data dir>/axon-nonces}. */
    public static NonceFile open(Path path) {
        NonceFile file = new NonceFile(path.toAbsolutePath());
        try {
            if (file.path.getParent() != null) Files.createDirectories(file.path.getParent());
            file.read();
            file.compact();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the axon nonce file " + path + ": " + e.getMessage(), e);
        }
        return file;
    }

    @Override
    public synchronized Map<String, Long> load() {
        return Map.copyOf(latest);
    }

    @Override
    public synchronized void record(String key, long nonce) {
        if (key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a nonce key cannot hold a line break");
        }
        if (appends == null) throw new IllegalStateException("the axon nonce file " + path + " is closed");
        latest.merge(key, nonce, Math::max);
        ByteBuffer line = ByteBuffer.wrap((nonce + " " + key + "\n").getBytes(StandardCharsets.UTF_8));
        try {
            while (line.hasRemaining()) appends.write(line);
            lines++;
            if (lines > 2L * latest.size() + SLACK_LINES) compact();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the axon nonce file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void prune(long oldestUseful) {
        latest.values().removeIf(nonce -> nonce < oldestUseful);
    }

    @Override
    public synchronized void close() {
        if (appends == null) return;
        try {
            appends.force(false);
            appends.close();
        } catch (IOException e) {
            log.warn("closing the axon nonce file {}: {}", path, e.getMessage());
        } finally {
            appends = null;
        }
    }

    private void read() throws IOException {
        if (!Files.exists(path)) return;
        int torn = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                int space = line.indexOf(' ');
                try {
                    latest.merge(line.substring(space + 1), Long.parseLong(line.substring(0, space)), Math::max);
                } catch (RuntimeException e) { // no space, or not a number: a torn or foreign line
                    torn++;
                }
            }
        }
        if (torn > 0) log.warn("axon nonce file {}: {} unreadable line(s) skipped", path, torn);
    }

    private void compact() throws IOException {
        if (appends != null) appends.close();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        latest.forEach((key, nonce) -> text.append(nonce).append(' ').append(key).append('\n'));
        try (FileChannel copy = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) copy.write(bytes);
            copy.force(false);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        appends = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        lines = latest.size();
    }
}
