package io.computeregister.cli.keys;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.cli.CliErrors.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code compute keys sign --suri SURI --message TEXT}: prints {@code 0x} + 128 hex digits. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign the UTF-8 bytes of a message with sr25519 (context \"substrate\", as Bittensor does).")
final class SignCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suri", paramLabel = "SURI", description = "Secret URI of the signing key.")
    String suri;

    @Option(names = "--wallet", paramLabel = "NAME", description = "Sign with this wallet's hotkey instead of --suri.")
    String wallet;

    @Option(names = "--hotkey", paramLabel = "NAME", defaultValue = "default",
            description = "Hotkey name in the wallet (default: ${DEFAULT-VALUE}).")
    String hotkey;

    @Option(names = "--wallet-path", paramLabel = "DIR", description = "Wallets root (default: ~/.bittensor/wallets).")
    Path walletPath;

    @Option(names = "--message", required = true, paramLabel = "TEXT", description = "The message; its UTF-8 bytes are signed.")
    String message;

    @Override
    public Integer call() {
        Keypair kp;
        if (suri != null && wallet != null) {
            throw new UserError("give either --suri or --wallet, not both");
        } else if (suri != null) {
            kp = KeySource.fromSuri(suri, "--suri");
        } else if (wallet != null) {
            kp = KeySource.fromWallet(walletPath, wallet, hotkey);
        } else {
            throw new UserError("--suri is required (or --wallet NAME --hotkey NAME)");
        }
        byte[] signature = kp.sign(message.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().println("0x" + HexFormat.of().formatHex(signature));
        return 0;
    }
}
