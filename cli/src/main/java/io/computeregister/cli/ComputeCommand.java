package io.computeregister.cli;

import io.computeregister.api.StartupWarmup;
import io.computeregister.cli.server.ApiCommand;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one {@code compute} command. Each verb is a subcommand registered here; this is the only list of them, so
 * {@code compute --help} always shows every command the build contains.
 */
@Command(
        name = "compute",
        mixinStandardHelpOptions = true,
        versionProvider = ComputeCommand.Version.class,
        description = "Compute Register: a GPU rental marketplace control plane (NI Compute SN27 RegisterAPI compatible).",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.computeregister.cli.keys.KeysCommand.class,
            io.computeregister.cli.image.ImageCommand.class,
            io.computeregister.cli.chain.MetagraphCommand.class,
            ApiCommand.class,
            io.computeregister.cli.server.MinerCommand.class,
            io.computeregister.cli.client.AllocateCommand.class,
            io.computeregister.cli.client.ListCommand.class,
            io.computeregister.cli.client.SshCommand.class,
            io.computeregister.cli.client.DeallocateCommand.class,
            io.computeregister.cli.client.ContainerActionCommand.Restart.class,
            io.computeregister.cli.client.ContainerActionCommand.Pause.class,
            io.computeregister.cli.client.ContainerActionCommand.Unpause.class,
            io.computeregister.cli.client.ExchangeKeyCommand.class,
            io.computeregister.cli.client.LogsCommand.class,
            io.computeregister.cli.client.ExtendCommand.class,
            io.computeregister.cli.client.UsageCommand.class,
            io.computeregister.cli.server.DemoCommand.class,
        })
public final class ComputeCommand implements Runnable {

    /** The server's verb and its name in usage, as the annotations give them (one place for each name). */
    private static final String API = ApiCommand.class.getAnnotation(Command.class).name();
    private static final String API_QUALIFIED = ComputeCommand.class.getAnnotation(Command.class).name() + " " + API;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No verb given: show what there is rather than doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return configured(new CommandLine(new ComputeCommand()));
    }

    /**
     * {@code compute api} alone, named as in the whole tree ({@code compute api}, {@code compute api keys}): what the
     * server's start builds instead of every command. Its usage, options and exit codes are the same as through
     * {@link #commandLine()} (ComputeCommandTest compares them).
     */
    static CommandLine apiCommandLine() {
        return configured(new CommandLine(new ApiCommand())).setCommandName(API_QUALIFIED);
    }

    private static CommandLine configured(CommandLine line) {
        return line.setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler(new CliErrors());
    }

    /**
     * Runs one command line. {@code compute api ...} is parsed by {@link #apiCommandLine()}: picocli builds the model
     * of every registered command up front, which was a third of the server's start-up (bench/README.md, "Lists":
     * the target is the first answer within 2 s of launch).
     */
    static int run(String[] args) {
        if (args.length > 0 && args[0].equals(API)) {
            StartupWarmup.begin();
            return apiCommandLine().execute(Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine().execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ComputeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"compute " + (v == null ? "dev" : v)};
        }
    }
}
