package io.computeregister.cli.server;

import io.computeregister.api.auth.AdminBootstrap;
import io.computeregister.cli.CliErrors.UserError;
import io.computeregister.miner.Runtimes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compute demo}: the whole marketplace on this machine in one process (see {@link DemoStack}), with the admin
 * key, the console URL and three commands to paste. Ctrl-C ends every demo allocation, then stops.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Run the register API on 127.0.0.1 with local miners (docker when an engine answers, else sandbox), "
                    + "print the admin key, the console URL and three commands to try. Ctrl-C stops everything "
                    + "and removes every demo allocation."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:stopped", "2:bad arguments or the demo could not start"})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--miners", paramLabel = "N", defaultValue = "2", description = "Local miners (default: ${DEFAULT-VALUE}).")
    int miners;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8903",
            description = "API port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--runtime", paramLabel = "docker|sandbox|auto", defaultValue = "auto",
            description = "auto: docker when an engine answers, else sandbox (default: ${DEFAULT-VALUE}).")
    String runtime;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "demo-data",
            description = "SQLite store, metagraph, miners' ledgers, admin key, demo SSH key (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--ssh-ports-from", paramLabel = "PORT", defaultValue = "42000",
            description = "Miner i publishes SSH on PORT+10i .. PORT+10i+9 (default: ${DEFAULT-VALUE}).")
    int sshPortsFrom;

    @Option(names = "--docker-host", paramLabel = "URI", description = "Docker engine (default DOCKER_HOST or unix:///var/run/docker.sock).")
    String dockerHost = System.getenv("DOCKER_HOST");

    /** Counted down by the shutdown hook (or a test interrupting the thread); the hook then waits for {@link #done}. */
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);

    @Override
    public Integer call() {
        String runtimeName = runtime.toLowerCase(Locale.ROOT);
        List<String> choices = new ArrayList<>(Runtimes.names());
        choices.add(DemoStack.AUTO);
        if (!choices.contains(runtimeName)) {
            throw new UserError("--runtime must be " + Runtimes.listed(choices) + ", got '" + runtime + "'");
        }
        if (miners < 1 || miners > 20) throw new UserError("--miners must be 1..20, got " + miners);
        if (port < 0 || port > 65535) throw new UserError("--port must be 0..65535, got " + port);
        if (sshPortsFrom < 1024 || sshPortsFrom + miners * DemoStack.PORTS_PER_MINER > 65535) {
            throw new UserError("--ssh-ports-from must leave room for " + miners + " x " + DemoStack.PORTS_PER_MINER
                    + " ports in 1024..65535, got " + sshPortsFrom);
        }
        PrintWriter out = spec.commandLine().getOut();
        DemoFiles files = new DemoFiles(dataDir);
        String envKey = System.getenv(AdminBootstrap.ENV_ADMIN_KEY);
        boolean keyFromEnv = envKey != null && !envKey.isBlank();
        String adminKey;
        try {
            Files.createDirectories(dataDir);
            adminKey = keyFromEnv ? envKey.strip() : files.adminKey();
            files.writeAllocateBody(files.sshPublicKey());
        } catch (IOException e) {
            throw new UserError("cannot write to --data-dir " + dataDir + ": " + e.getMessage());
        }

        DemoStack.Options options = new DemoStack.Options(dataDir, "127.0.0.1", port, miners, runtimeName, dockerHost,
                sshPortsFrom);
        DemoStack stack;
        try {
            stack = DemoStack.start(options, adminKey, line -> {
                out.println(line);
                out.flush();
            });
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new UserError("cannot start the demo: " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("ddress already in use")
                            ? " (another process has the port: use --port or --ssh-ports-from)" : ""));
        }
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                done.await(2, TimeUnit.MINUTES); // the JVM exits when hooks return: let the clean-up finish first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            printBanner(out, stack, keyFromEnv);
            stop.await();
        } catch (InterruptedException e) {
            interrupted = true; // restored after the clean-up: HTTP calls and Jetty's stop fail on an interrupted thread
        } finally {
            out.println("stopping: removing demo allocations, stopping the API and the miners...");
            out.flush();
            stack.close();
            out.println("stopped; nothing left running");
            out.flush();
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running and waits for `done`
            }
            if (interrupted) Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void printBanner(PrintWriter out, DemoStack stack, boolean keyFromEnv) {
        String url = stack.baseUrl();
        String dir = dataDir.toString();
        String keyRef = keyFromEnv ? "$COMPUTE_ADMIN_KEY" : "$(cat " + dir + "/" + DemoFiles.ADMIN_KEY + ")";
        out.println();
        out.println("runtime: " + stack.runtime().name() + " (" + stack.runtime().reason() + ")");
        out.println("admin API key: " + stack.adminKey()
                + (keyFromEnv ? " (from COMPUTE_ADMIN_KEY)" : " (saved in " + dir + "/" + DemoFiles.ADMIN_KEY + ")"));
        out.println("console: " + url + "/console (paste the key)");
        out.println();
        out.println("Try, in another terminal in this directory:");
        out.println("  # 1. the miners and their resources");
        out.println("  curl -s -X POST -H \"Authorization: Bearer " + keyRef + "\" " + url + "/list/resources_sql");
        out.println("  # 2. allocate 1 CPU / 1 GB for a day with the demo SSH key (" + dir + "/" + DemoFiles.ALLOCATE_BODY
                + ")");
        out.println("  curl -s -X POST -H \"Authorization: Bearer " + keyRef + "\" -H 'Content-Type: application/json' "
                + "-d @" + dir + "/" + DemoFiles.ALLOCATE_BODY + " " + url + "/service/allocate_spec | tee " + dir + "/"
                + DemoFiles.ALLOCATION_OUT);
        out.println("  # 3. log in to the allocated " + stack.runtime().machine());
        out.println("  ssh -i " + dir + "/" + DemoFiles.SSH_KEY + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                + "-p \"$(grep -o '\"ssh_port\":[0-9]*' " + dir + "/" + DemoFiles.ALLOCATION_OUT
                + " | cut -d: -f2)\" root@127.0.0.1");
        out.println();
        out.println("ready: " + stack.miners().size() + " miners discovered. Ctrl-C stops everything and removes every "
                + "demo allocation.");
        out.flush();
    }

}
