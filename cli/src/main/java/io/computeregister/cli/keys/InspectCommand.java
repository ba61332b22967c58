package io.computeregister.cli.keys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.computeregister.bittensor.crypto.Keypair;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code compute keys inspect SURI | --wallet NAME --hotkey NAME}: prints {@code {"ss58": …, "publicKey": "0x…"}}. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the SS58 address and public key of a secret URI or a wallet hotkey, as JSON.")
final class InspectCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SURI",
            description = "Mnemonic, 0x seed or dev URI such as //Alice, with optional //hard, /soft, ///password.")
    String suri;

    @Mixin
    KeySource key = new KeySource();

    @Override
    public Integer call() throws JsonProcessingException {
        Keypair kp = key.keypair(suri, "SURI");
        Map<String, String> out = new LinkedHashMap<>();
        out.put("ss58", kp.ss58Address());
        out.put("publicKey", "0x" + HexFormat.of().formatHex(kp.publicKey()));
        spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        return 0;
    }
}
