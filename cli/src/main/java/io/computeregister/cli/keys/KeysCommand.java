package io.computeregister.cli.keys;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code compute keys}: inspect, sign and verify with sr25519 keys the way Bittensor does. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "sr25519 keys: show a key's address, sign a message, verify a signature.",
        subcommands = {InspectCommand.class, SignCommand.class, VerifyCommand.class})
public final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
