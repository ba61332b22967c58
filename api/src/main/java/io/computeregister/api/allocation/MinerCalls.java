package io.computeregister.api.allocation;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each {@link MinerClient} call on its own virtual thread under a hard deadline, so a miner that hangs costs a
 * bounded time even if the client forgets its own timeout. A timeout or exception becomes the caller's failure value.
 */
public final class MinerCalls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MinerCalls.class);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public <T> T call(String what, MinerAddress miner, Duration timeout, Callable<T> call, Function<String, T> onFailure) {
        Future<T> future = executor.submit(call);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return onFailure.apply(what + " timed out after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return onFailure.apply(what + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            log.warn("{} on miner {} failed: {}", what, miner.hotkey(), cause.toString());
            return onFailure.apply(what + " failed: " + cause.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
