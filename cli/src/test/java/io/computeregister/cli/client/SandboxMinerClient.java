package io.computeregister.cli.client;

import io.computeregister.api.minerclient.AllocateOrder;
import io.computeregister.api.minerclient.MinerAddress;
import io.computeregister.api.minerclient.MinerClient;
import io.computeregister.miner.runtime.ContainerRuntime.KeySlot;
import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.PortRange;
import io.computeregister.miner.runtime.RuntimeSpec;
import io.computeregister.miner.runtime.sandbox.SandboxRuntime;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import io.computeregister.protocol.allocate.DeviceRequirement;
import io.computeregister.protocol.allocate.DockerAction;
import io.computeregister.protocol.envelope.AllocationInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The miner side for renter CLI tests, without the dendrite (not what these tests are about): each allocate starts a
 * real sandbox SSH server (the miner module's runtime) with a fresh password and the renter's key, so {@code compute
 * ssh} logs into something real. One allocation per miner, keyed by the regkey that created it, as a real miner.
 */
final class SandboxMinerClient implements MinerClient, AutoCloseable {

    private record Held(String regkey, String id) {}

    final SandboxRuntime runtime;
    final Map<String, Held> byHotkey = new ConcurrentHashMap<>();
    final Set<String> refusing = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();

    SandboxMinerClient(Path dataDir) {
        // Each allocation takes a free port of its own (freePort()); the runtime's range only has to contain them.
        this.runtime = new SandboxRuntime(new SandboxSettings(new HostPorts(new PortRange(1024, 65535), "127.0.0.1")),
                dataDir);
    }

    @Override
    public ProbeResult probe(MinerAddress miner, DeviceRequirement device, int timelineDays) {
        return byHotkey.containsKey(miner.hotkey()) ? new ProbeResult.Busy(1) : new ProbeResult.Available(0);
    }

    @Override
    public AllocateResult allocate(MinerAddress miner, AllocateOrder order) {
        if (refusing.contains(miner.hotkey())) return new AllocateResult.Refused("status false");
        String id = UUID.randomUUID().toString();
        byte[] pw = new byte[8];
        random.nextBytes(pw);
        String password = "Pw" + HexFormat.of().formatHex(pw);
        int port = freePort();
        runtime.start(new RuntimeSpec(id, "ssh-image-base", 0, 0, 0, List.of(), port, "127.0.0.1", "root", password,
                order.docker().sshKey(), null, ""));
        byHotkey.put(miner.hotkey(), new Held(order.publicKeyPem(), id));
        return new AllocateResult.Allocated(new AllocationInfo("root", password, port, 183));
    }

    @Override
    public Confirmation deallocate(MinerAddress miner, String regkeyPem) {
        Held h = byHotkey.get(miner.hotkey());
        if (h == null || !h.regkey().equals(regkeyPem)) return new Confirmation.NoAnswer("key mismatch");
        runtime.remove(h.id());
        byHotkey.remove(miner.hotkey());
        return new Confirmation.Confirmed();
    }

    @Override
    public Confirmation action(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays) {
        Held h = byHotkey.get(miner.hotkey());
        if (h == null || !h.regkey().equals(regkeyPem)) return new Confirmation.NoAnswer("no container");
        switch (action.action()) {
            case "restart" -> runtime.restart(h.id());
            case "pause" -> runtime.pause(h.id());
            case "unpause" -> runtime.unpause(h.id());
            case "exchange_key" -> runtime.replaceKey(h.id(), KeySlot.fromWire(action.keyType()), action.sshKey());
            default -> {
                return new Confirmation.NoAnswer("unknown action " + action.action());
            }
        }
        return new Confirmation.Confirmed();
    }

    /**
     * Our actions as our miner answers them for the owner: {@code logs} from the runtime (the sandbox keeps none:
     * ""), {@code extend} moving a lease that started at {@code timelineDays} from the first call.
     */
    @Override
    public ActionOutput actionOutput(MinerAddress miner, String regkeyPem, DockerAction action, int timelineDays) {
        Held h = byHotkey.get(miner.hotkey());
        if (h == null || !h.regkey().equals(regkeyPem)) return new ActionOutput.Refused();
        return switch (action.action()) {
            case DockerAction.LOGS -> new ActionOutput.Done(Map.of("status", true, "logs",
                    runtime.logs(h.id(), action.tail())));
            case DockerAction.EXTEND -> new ActionOutput.Done(Map.of("status", true, "expires_at", leases.merge(
                    h.id(), java.time.Instant.now().plus(java.time.Duration.ofDays(timelineDays + action.days())),
                    (old, fresh) -> old.plus(java.time.Duration.ofDays(action.days()))).toString()));
            default -> new ActionOutput.NotSupported();
        };
    }

    private final Map<String, java.time.Instant> leases = new ConcurrentHashMap<>();

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
