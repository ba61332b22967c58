package io.computeregister.cli.keys;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.wallet.Wallet;
import io.computeregister.cli.CliErrors.UserError;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command gets its key pair: a secret URI, or a wallet hotkey file. As a mixin it adds the wallet options of
 * the {@code keys} commands ({@code --wallet}, {@code --hotkey}, {@code --wallet-path}); the server commands, whose
 * options are named differently, use the two lookups directly. Errors name the argument at fault and, like the crypto
 * layer, never echo the secret.
 */
public final class KeySource {

    @Option(names = "--wallet", paramLabel = "NAME", description = "Use this wallet's hotkey (under --wallet-path).")
    String wallet;

    @Option(names = "--hotkey", paramLabel = "NAME", defaultValue = "default",
            description = "Hotkey name in the wallet (default: ${DEFAULT-VALUE}).")
    String hotkey;

    @Option(names = "--wallet-path", paramLabel = "DIR", description = "Wallets root (default: ~/.bittensor/wallets).")
    Path walletPath;

    /**
     * The key pair of {@code suri} or of the wallet options, whichever was given (exactly one must be).
     *
     * @param suriName how the command names its secret URI argument in messages, e.g. "SURI" or "--suri"
     */
    Keypair keypair(String suri, String suriName) {
        if (suri != null && wallet != null) {
            throw new UserError("give either " + suriName + " or --wallet, not both");
        }
        if (suri != null) {
            return fromSuri(suri, suriName);
        }
        if (wallet != null) {
            return fromWallet(walletPath, wallet, hotkey, "--wallet/--hotkey");
        }
        throw new UserError("give " + suriName + " or --wallet NAME --hotkey NAME");
    }

    public static Keypair fromSuri(String suri, String argumentName) {
        try {
            return Keypair.fromSuri(suri);
        } catch (IllegalArgumentException e) {
            throw new UserError(argumentName + ": " + e.getMessage());
        }
    }

    /** @param argumentNames the options that chose the wallet and hotkey, as messages name them */
    public static Keypair fromWallet(Path walletPath, String wallet, String hotkey, String argumentNames) {
        try {
            return Wallet.hotkey(walletPath == null ? Wallet.defaultPath() : walletPath, wallet, hotkey);
        } catch (IllegalArgumentException e) {
            throw new UserError(argumentNames + ": " + e.getMessage());
        }
    }
}
