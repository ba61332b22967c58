package io.computeregister.api.minerclient;

import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * A {@link MinerClient} that runs each call of another on its own virtual thread under a hard deadline, so a miner
 * that hangs costs a bounded time even if the client forgets its own timeout. A timeout or an exception becomes the
 * call's failure result ({@code Unreachable}, {@code Failed}, {@code NoAnswer}) naming what ran out, e.g. "allocate
 * timed out after 2000 ms"; renters read it in their error's {@code err_detail}.
 */
public final class DeadlineMinerClient implements MinerClient, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadlineMinerClient.class);

    private final MinerClient client;
    private final Duration probe;
    private final Duration allocate;
    private final Duration deallocate;
    private final Duration action;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    /** One deadline per kind of call; {@code action} bounds restart, pause, unpause and key exchange. */
    public DeadlineMinerClient(MinerClient client, Duration probe, Duration allocate, Duration deallocate,
                               Duration action) {
        this.client = client;
        this.probe = probe;
        this.allocate = allocate;
        this.deallocate = deallocate;
        this.action = action;
    }

    @Override
    public ProbeResult probe(MinerAddress miner, DeviceRequirement device, int timelineDays) {
        return call("probe", miner, probe, () -> client.probe(miner, device, timelineDays),
                ProbeResult.Unreachable::new);
    }

    @Override
    public AllocateResult allocate(MinerAddress miner, AllocateOrder order) {
        return call("allocate", miner, allocate, () -> client.allocate(miner, order), AllocateResult.Failed::new);
    }

    @Override
    public Confirmation deallocate(MinerAddress miner, String regkeyPem) {
        return call("deallocate", miner, deallocate, () -> client.deallocate(miner, regkeyPem),
                Confirmation.NoAnswer::new);
    }

    @Override
    public Confirmation action(MinerAddress miner, String regkeyPem, DockerAction dockerAction, int timelineDays) {
        return call(dockerAction.action(), miner, action,
                () -> client.action(miner, regkeyPem, dockerAction, timelineDays), Confirmation.NoAnswer::new);
    }

    @Override
    public ActionOutput actionOutput(MinerAddress miner, String regkeyPem, DockerAction dockerAction,
                                     int timelineDays) {
        return call(dockerAction.action(), miner, action,
                () -> client.actionOutput(miner, regkeyPem, dockerAction, timelineDays), ActionOutput.NoAnswer::new);
    }

    /** The wrapped client's own fan-out, which already holds all probes to one deadline. */
    @Override
    public Map<String, ProbeResult> probeAll(List<MinerAddress> miners, int timelineDays, Duration timeout) {
        return client.probeAll(miners, timelineDays, timeout);
    }

    private <T> T call(String what, MinerAddress miner, Duration timeout, Callable<T> call,
                       Function<String, T> onFailure) {
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
