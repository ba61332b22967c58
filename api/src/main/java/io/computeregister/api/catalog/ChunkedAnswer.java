package io.computeregister.api.catalog;

import io.computeregister.api.http.Json;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPOutputStream;

/**
 * A JSON answer kept in memory to be sent many times: serialised once, straight into chunks of at most
 * {@value #CHUNK} bytes (a large answer never becomes one large array, which the garbage collector would have to
 * treat as humongous), gzipped once, on the first request that accepts gzip (the original's client sends
 * {@code Accept-Encoding: gzip}). Writing it copies the chunks to the response with its length, so a slow reader
 * holds no lock and no other request waits for it.
 */
final class ChunkedAnswer {

    static final int CHUNK = 128 * 1024;
    /** Javalin's own threshold for the other answers: below it gzip does not pay. */
    private static final long MIN_GZIP = 1500;

    private final int status;
    private final List<byte[]> json;
    private final long length;
    private final ReentrantLock gzipping = new ReentrantLock();
    private volatile List<byte[]> gzipped;

    private ChunkedAnswer(int status, List<byte[]> json) {
        this.status = status;
        this.json = json;
        this.length = sizeOf(json);
    }

    static ChunkedAnswer of(int status, Object body) {
        Chunks out = new Chunks();
        try {
            Json.MAPPER.writeValue(out, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
        return new ChunkedAnswer(status, out.chunks());
    }

    void writeTo(Context ctx) {
        boolean gzip = length >= MIN_GZIP && acceptsGzip(ctx.header("Accept-Encoding"));
        List<byte[]> body = gzip ? gzipped() : json;
        ctx.status(status).contentType(ContentType.APPLICATION_JSON);
        ctx.header("Vary", "Accept-Encoding");
        // Past Javalin's own compression (which would gzip the answer again on every request): the servlet stream.
        if (gzip) ctx.header("Content-Encoding", "gzip");
        ctx.res().setContentLengthLong(sizeOf(body));
        try {
            ServletOutputStream out = ctx.res().getOutputStream();
            for (byte[] chunk : body) out.write(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<byte[]> gzipped() {
        List<byte[]> g = gzipped;
        if (g != null) return g;
        gzipping.lock();
        try {
            if (gzipped == null) {
                Chunks out = new Chunks();
                try (GZIPOutputStream gz = new GZIPOutputStream(out, CHUNK)) {
                    for (byte[] chunk : json) gz.write(chunk);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                gzipped = out.chunks();
            }
            return gzipped;
        } finally {
            gzipping.unlock();
        }
    }

    /** {@code gzip} (or {@code *}) listed without {@code q=0}. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) return false;
        for (String offer : acceptEncoding.split(",")) {
            String[] parts = offer.split(";");
            String coding = parts[0].strip().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("*")) continue;
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip().toLowerCase(Locale.ROOT);
                if (p.startsWith("q=")) {
                    try {
                        refused = Double.parseDouble(p.substring(2)) <= 0;
                    } catch (NumberFormatException e) {
                        refused = true;
                    }
                }
            }
            if (!refused) return true;
        }
        return false;
    }

    private static long sizeOf(List<byte[]> chunks) {
        long n = 0;
        for (byte[] c : chunks) n += c.length;
        return n;
    }

    /** An output stream that keeps what is written as chunks of at most {@value #CHUNK} bytes. */
    private static final class Chunks extends OutputStream {
        private final List<byte[]> full = new ArrayList<>();
        private byte[] current = new byte[CHUNK];
        private int used;

        @Override
        public void write(int b) {
            if (used == current.length) next();
            current[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (used == current.length) next();
                int n = Math.min(len, current.length - used);
                System.arraycopy(b, off, current, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        private void next() {
            full.add(current);
            current = new byte[CHUNK];
            used = 0;
        }

        List<byte[]> chunks() {
            List<byte[]> all = new ArrayList<>(full);
            if (used > 0) all.add(Arrays.copyOf(current, used));
            return List.copyOf(all);
        }
    }
}
