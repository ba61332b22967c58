package io.computeregister.cli.keys;

import io.computeregister.bittensor.crypto.Sr25519;
import io.computeregister.bittensor.crypto.Ss58;
import io.computeregister.cli.CliErrors.UserError;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code compute keys verify --ss58 ADDRESS --message TEXT --signature 0xHEX}: exit 0 valid, 1 invalid, 2 malformed
 * input. Like Bittensor's axon, a signature over {@code <Bytes>TEXT</Bytes>} (polkadot-js wrapping) is also accepted.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify an sr25519 signature of a message's UTF-8 bytes. Exit 0 valid, 1 invalid, 2 bad input.")
final class VerifyCommand implements Callable<Integer> {
    static final int INVALID = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--ss58", required = true, paramLabel = "ADDRESS", description = "Signer's SS58 address.")
    String ss58;

    @Option(names = "--message", required = true, paramLabel = "TEXT", description = "The signed message (UTF-8).")
    String message;

    @Option(names = "--signature", required = true, paramLabel = "0xHEX", description = "64-byte signature as 0x + 128 hex.")
    String signature;

    @Override
    public Integer call() {
        byte[] publicKey;
        try {
            publicKey = Ss58.decodePublicKey(ss58);
        } catch (IllegalArgumentException e) {
            throw new UserError("--ss58: " + e.getMessage());
        }
        byte[] sig = parseSignature(signature);
        byte[] raw = message.getBytes(StandardCharsets.UTF_8);
        if (Sr25519.verify(publicKey, raw, sig)) {
            spec.commandLine().getOut().println("valid");
            return 0;
        }
        byte[] wrapped = ("<Bytes>" + message + "</Bytes>").getBytes(StandardCharsets.UTF_8);
        if (Sr25519.verify(publicKey, wrapped, sig)) {
            spec.commandLine().getOut().println("valid (signed as <Bytes>message</Bytes>)");
            return 0;
        }
        spec.commandLine().getOut().println("invalid");
        return INVALID;
    }

    private static byte[] parseSignature(String value) {
        String hex = value.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        if (hex.length() != 128) {
            throw new UserError("--signature: expected 0x followed by 128 hex digits (64 bytes), got "
                    + hex.length() + " digits");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new UserError("--signature: not valid hex");
        }
    }
}
