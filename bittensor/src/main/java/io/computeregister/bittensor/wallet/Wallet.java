package io.computeregister.bittensor.wallet;

import io.computeregister.bittensor.crypto.Keypair;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bittensor wallets on disk, laid out as btcli/btwallet do: {@code <root>/<wallet>/coldkeypub.txt} and
 * {@code <root>/<wallet>/hotkeys/<hotkey>}. Only plaintext key files can be read (hotkeys are plaintext by default);
 * a dendrite or axon needs only the hotkey, and the coldkey only by its public address.
 */
public final class Wallet {
    private Wallet() {}

    /** {@code ~/.bittensor/wallets}, btcli's default wallet root. */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".bittensor", "wallets");
    }

    /** The hotkey pair of {@code wallet}/{@code hotkey}. */
    public static Keypair hotkey(Path walletsDir, String wallet, String hotkey) {
        Path dir = walletDir(walletsDir, wallet);
        Path file = dir.resolve("hotkeys").resolve(name(hotkey, "hotkey"));
        return KeyFile.read(file).keypair();
    }

    /** The SS58 address of the wallet's coldkey, from {@code coldkeypub.txt}. */
    public static String coldkeyPub(Path walletsDir, String wallet) {
        return KeyFile.read(walletDir(walletsDir, wallet).resolve("coldkeypub.txt")).ss58Address();
    }

    private static Path walletDir(Path walletsDir, String wallet) {
        Path dir = walletsDir.resolve(name(wallet, "wallet"));
        if (!Files.isDirectory(dir)) {
            throw new KeyFileException("wallet directory " + dir + " does not exist");
        }
        return dir;
    }

    /** Wallet and hotkey names are single path segments; anything else would escape the wallet root. */
    private static String name(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new KeyFileException(what + " name is empty");
        }
        if (value.contains("/") || value.contains("\\") || value.equals(".") || value.equals("..")) {
            throw new KeyFileException(what + " name '" + value + "' must be a plain name, not a path");
        }
        return value;
    }
}
