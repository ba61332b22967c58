package io.computeregister.miner.runtime.docker;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.computeregister.miner.runtime.RuntimeSpec;
import java.util.List;

/** Translates a {@link RuntimeSpec} into Docker's host configuration. Pure, so the mapping is testable without an engine. */
final class ContainerSettings {

    static final ExposedPort SSH = ExposedPort.tcp(22);
    static final String VOLUME_MOUNT = "/root/volume";
    static final String NO_NEW_PRIVILEGES = "no-new-privileges";

    /**
     * The capabilities a renter's root keeps (all others are dropped). Left out of Docker's default set: NET_RAW (raw
     * sockets forge packets and spoof addresses; busybox's ping needs it, ICMP-socket pings do not), MKNOD (device
     * nodes), SETFCAP and SETPCAP (handing capabilities to programs), FSETID.
     */
    static final List<Capability> KEPT = List.of(
            Capability.SETGID,           // every sshd's login (setgroups/initgroups): dropbear fails without it
            Capability.SETUID,           // OpenSSH privilege separation drops to the sshd user; su, services
            Capability.SYS_CHROOT,       // OpenSSH's pre-authentication child chroots to /run/sshd
            Capability.CHOWN,            // OpenSSH gives the login its pty; archives, pip, npm set owners
            Capability.FOWNER,           // root changing modes and times of files it does not own (tar, pip)
            Capability.DAC_OVERRIDE,     // root reading and writing files of other users in its own container
            Capability.KILL,             // root signalling processes of other users (privsep children, services)
            Capability.NET_BIND_SERVICE, // sshd on 22 on engines that do not open low ports to all; web servers
            Capability.AUDIT_WRITE);     // OpenSSH with PAM (Debian, Ubuntu) refuses a login it cannot audit

    private ContainerSettings() {}

    /** The container's exposed ports: SSH and the renter's extra ones. */
    static ExposedPort[] exposedPorts(RuntimeSpec spec) {
        List<ExposedPort> ports = new java.util.ArrayList<>(List.of(SSH));
        spec.extraPorts().keySet().stream().sorted().forEach(p -> ports.add(ExposedPort.tcp(p)));
        return ports.toArray(ExposedPort[]::new);
    }

    /** For the container of {@code spec}, attached to {@code network} (its own, {@link AllocationNetworks}). */
    static HostConfig hostConfig(RuntimeSpec spec, String network) {
        List<PortBinding> bindings = new java.util.ArrayList<>();
        bindings.add(new PortBinding(Ports.Binding.bindIpAndPort(spec.sshHost(), spec.sshPort()), SSH));
        spec.extraPorts().forEach((container, hostPort) -> bindings.add(
                new PortBinding(Ports.Binding.bindIpAndPort(spec.sshHost(), hostPort), ExposedPort.tcp(container))));
        HostConfig host = HostConfig.newHostConfig()
                .withPortBindings(bindings)
                .withNetworkMode(network)
                // No setuid program can raise a process's privileges above those it started with.
                .withSecurityOpts(List.of(NO_NEW_PRIVILEGES))
                .withCapDrop(Capability.ALL)
                .withCapAdd(KEPT.toArray(Capability[]::new))
                // tini as PID 1 reaps the renter's orphans and forwards SIGTERM, so restart/remove stop cleanly.
                .withInit(true)
                // unless-stopped, not the original's on-failure(3): a lease is paid by time, so the machine must come
                // back after a host reboot or a dockerd restart (on-failure does not restart on daemon start), and a
                // renter's sshd exiting with 0 must not end it either. An explicit stop by us is still respected.
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart());
        if (spec.cpus() > 0) {
            host.withNanoCPUs(Math.round(spec.cpus() * 1_000_000_000d));
        }
        if (spec.memoryBytes() > 0) {
            host.withMemory(spec.memoryBytes());
            // /dev/shm is tmpfs charged to the memory cgroup, so half the limit cannot exceed it; Docker's 64 MiB
            // default starves PyTorch data loaders (the original sized it from host memory).
            host.withShmSize(spec.memoryBytes() / 2);
        }
        if (spec.pidsLimit() > 0) {
            host.withPidsLimit(spec.pidsLimit());
        }
        if (!spec.gpuIds().isEmpty()) {
            // By device id, not by count: a count always takes the first cards, so two renters would share GPU 0.
            host.withDeviceRequests(List.of(new DeviceRequest()
                    .withDriver("")
                    .withDeviceIds(spec.gpuIds().stream().map(String::valueOf).toList())
                    .withCapabilities(List.of(List.of("gpu")))));
        }
        if (spec.volumeDir() != null) {
            host.withBinds(new Bind(spec.volumeDir().toAbsolutePath().toString(),
                    new Volume(spec.volumePath() != null ? spec.volumePath() : VOLUME_MOUNT)));
        }
        return host;
    }
}
