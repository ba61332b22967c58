package io.computeregister.cli.keys;

import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.bittensor.wallet.Wallet;
import io.computeregister.cli.CliErrors.UserError;
import java.nio.file.Path;

/**
 * Where a command gets its key pair: a secret URI, or a wallet hotkey file. Errors name the argument at fault and,
 * like the crypto layer, never echo the secret.
 */
final class KeySource {
    private KeySource() {}

    static Keypair fromSuri(String suri, String argumentName) {
        try {
            return Keypair.fromSuri(suri);
        } catch (IllegalArgumentException e) {
            throw new UserError(argumentName + ": " + e.getMessage());
        }
    }

    static Keypair fromWallet(Path walletPath, String wallet, String hotkey) {
        try {
            return Wallet.hotkey(walletPath == null ? Wallet.defaultPath() : walletPath, wallet, hotkey);
        } catch (IllegalArgumentException e) {
            throw new UserError("--wallet/--hotkey: " + e.getMessage());
        }
    }
}
