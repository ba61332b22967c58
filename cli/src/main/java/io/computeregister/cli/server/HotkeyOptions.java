package io.computeregister.cli.server;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.cli.keys.KeySource;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The hotkey a server signs with ({@code compute api}, {@code compute miner}): {@code --hotkey SURI}, or
 * {@code --wallet NAME --hotkey-name NAME [--wallet-path DIR]}. Used as an exclusive argument group; each command says
 * whether it is required.
 */
final class HotkeyOptions {

    @Option(names = "--hotkey", paramLabel = "SURI",
            description = "The hotkey as a secret URI (mnemonic, 0x seed or //Dev path). Prefer a wallet.")
    String suri;

    @ArgGroup(exclusive = false)
    WalletHotkey wallet;

    static final class WalletHotkey {
        @Option(names = "--wallet", paramLabel = "NAME", required = true, description = "Wallet name.")
        String name;

        @Option(names = "--hotkey-name", paramLabel = "NAME", required = true,
                description = "Hotkey name in the wallet.")
        String hotkey;

        @Option(names = "--wallet-path", paramLabel = "DIR",
                description = "Wallets directory (default: ~/.bittensor/wallets).")
        Path path;
    }

    /** The key pair; errors name the option at fault and never echo the secret. */
    Keypair keypair() {
        if (suri != null) {
            return KeySource.fromSuri(suri, "--hotkey");
        }
        return KeySource.fromWallet(wallet.path, wallet.name, wallet.hotkey, "--wallet/--hotkey-name");
    }
}
