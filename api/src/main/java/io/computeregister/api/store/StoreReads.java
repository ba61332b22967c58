package io.computeregister.api.store;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * Lone reads (no write in the same transaction): the key lookup on every request, the lists, the index's loads.
 *
 * <p>On SQLite every statement is a JNI call into the C library, and a virtual thread inside a native call keeps its
 * carrier: the JDK runs virtual threads on one carrier per core, so each lookup took one of this machine's two away
 * from the network while it ran. Under 32 keep-alive clients that made the service unfair: most requests were
 * answered in under a millisecond while the rest waited 50-90 ms (p99 of a 15-byte answer behind an API key: 61-86 ms;
 * a reader pool of 32 instead of 4 changed nothing, so it was not the wait for a connection). A read made on a virtual
 * thread therefore runs on a platform thread of this class, one per reader connection (so none ever waits for the
 * pool), and the virtual thread parks until it has the answer, its carrier free for others (p99 12-13 ms; figures in
 * bench/README.md, "Lists"). A platform thread (a job's, or this pool's own when a read nests) reads in place.
 *
 * <p>On PostgreSQL the driver is Java over a socket and parks a virtual thread by itself: reads run in place.
 */
public final class StoreReads implements AutoCloseable {

    private final Jdbi jdbi;
    /** Null when reads run in place. */
    private final ExecutorService platformReaders;

    private StoreReads(Jdbi jdbi, ExecutorService platformReaders) {
        this.jdbi = jdbi;
        this.platformReaders = platformReaders;
    }

    /** Reads on the caller's thread, whatever it is. */
    static StoreReads inPlace(Jdbi jdbi) {
        return new StoreReads(jdbi, null);
    }

    /** Reads asked for on a virtual thread run on one of {@code threads} platform threads. */
    static StoreReads onPlatformThreads(Jdbi jdbi, int threads) {
        return new StoreReads(jdbi, Executors.newFixedThreadPool(threads,
                Thread.ofPlatform().name("compute-store-read-", 1).daemon().factory()));
    }

    public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
        return run(() -> jdbi.withHandle(callback));
    }

    public <X extends Exception> void useHandle(HandleConsumer<X> consumer) throws X {
        run(() -> {
            jdbi.useHandle(consumer);
            return null;
        });
    }

    /** A read that needs a transaction (PostgreSQL streams a result only inside one). */
    public <X extends Exception> void useTransaction(HandleConsumer<X> consumer) throws X {
        run(() -> {
            jdbi.useTransaction(consumer);
            return null;
        });
    }

    /** {@code read} throws only what the callback throws ({@code X}), unchecked exceptions or errors. */
    @SuppressWarnings("unchecked")
    private <R, X extends Exception> R run(Callable<R> read) throws X {
        if (platformReaders == null || !Thread.currentThread().isVirtual()) {
            try {
                return read.call();
            } catch (Exception e) {
                throw (X) e;
            }
        }
        Future<R> answer = platformReaders.submit(read);
        try {
            return answer.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) throw error;
            throw (X) cause;
        } catch (InterruptedException e) {
            answer.cancel(false); // a statement already running finishes; one still queued never starts
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read of the store", e);
        }
    }

    @Override
    public void close() {
        if (platformReaders != null) platformReaders.shutdown();
    }
}
