package io.computeregister.miner;

import io.computeregister.miner.runtime.HostPorts;
import io.computeregister.miner.runtime.RuntimeSettings;
import io.computeregister.miner.runtime.docker.DockerSettings;
import io.computeregister.miner.runtime.sandbox.SandboxSettings;
import java.util.List;
import java.util.function.Function;

/**
 * The registry of runtimes a miner can run, by name: each entry makes its runtime's own settings record from the
 * operator's options, and that record opens the runtime ({@link RuntimeSettings#open}). A new runtime (Kubernetes is
 * next) is its package plus one entry here, and the options it reads; {@link Miner}, {@link MinerService}, the ledger
 * and the reconciler do not change.
 */
public final class Runtimes {

    /**
     * The runtime options as the operator gives them on the command line; each runtime reads those it has and ignores
     * the rest.
     *
     * @param dockerHost the Docker engine's address, or null for the default (docker)
     * @param image      the image allocations run (docker)
     * @param hostPorts  where allocations' SSH servers are published on this machine (host-bound runtimes)
     */
    /** @param images the image catalog, name to reference, the default first ({@code --image NAME=REF ...}) */
    public record Options(String dockerHost, java.util.Map<String, String> images, HostPorts hostPorts) {}

    private record Entry(String name, Function<Options, RuntimeSettings> settings) {}

    /** In the order the help and error messages list them. */
    private static final List<Entry> ENTRIES = List.of(
            new Entry(DockerSettings.NAME, o -> new DockerSettings(o.dockerHost(), null, o.hostPorts(), o.images())),
            new Entry(SandboxSettings.NAME, o -> new SandboxSettings(o.hostPorts())));

    private Runtimes() {}

    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /**
     * The settings of the runtime called {@code name}, made from {@code options}.
     *
     * @throws IllegalArgumentException naming every runtime there is when there is none of that name, or naming the
     *     option a runtime finds missing or wrong
     */
    public static RuntimeSettings settings(String name, Options options) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--runtime must be " + listed(names()) + ", got '"
                        + name + "'"))
                .settings().apply(options);
    }

    /** {@code [a, b, c]} as "a, b or c", for messages that list the choices. */
    public static String listed(List<String> choices) {
        if (choices.size() < 2) {
            return String.join("", choices);
        }
        return String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.getLast();
    }
}
