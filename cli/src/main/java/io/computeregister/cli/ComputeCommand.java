package io.computeregister.cli;

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
            io.computeregister.cli.server.ApiCommand.class,
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

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No verb given: show what there is rather than doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        return new CommandLine(new ComputeCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new CliErrors());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ComputeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"compute " + (v == null ? "dev" : v)};
        }
    }
}
