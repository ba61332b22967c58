package io.computeregister.cli.keys;

import io.computeregister.bittensor.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compute keys sign --suri SURI --message TEXT}: prints {@code 0x} + 128 hex digits. */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Sign the UTF-8 bytes of a message with sr25519 (context \"substrate\", as Bittensor does).")
final class SignCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--suri", paramLabel = "SURI", description = "Secret URI of the signing key.")
    String suri;

    @Mixin
    KeySource key = new KeySource();

    @Option(names = "--message", required = true, paramLabel = "TEXT", description = "The message; its UTF-8 bytes are signed.")
    String message;

    @Override
    public Integer call() {
        Keypair kp = key.keypair(suri, "--suri");
        byte[] signature = kp.sign(message.getBytes(StandardCharsets.UTF_8));
        spec.commandLine().getOut().println("0x" + HexFormat.of().formatHex(signature));
        return 0;
    }
}
