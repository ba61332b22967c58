package io.computeregister.cli.chain;

import io.computeregister.bittensor.scale.ScaleDecodeException;
import io.computeregister.bittensor.subtensor.Metagraph;
import io.computeregister.bittensor.subtensor.MetagraphJson;
import io.computeregister.bittensor.subtensor.NeuronInfoLite;
import io.computeregister.bittensor.subtensor.RuntimeApiResult;
import io.computeregister.bittensor.subtensor.SubtensorMetagraphSource;
import io.computeregister.cli.CliErrors.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compute metagraph}: prints a subnet's metagraph as JSON, from a live chain or from a recorded
 * {@code get_neurons_lite} result. The output is what {@code --metagraph static:FILE} reads.
 */
@Command(
        name = "metagraph",
        mixinStandardHelpOptions = true,
        description = {
            "Print a subnet's metagraph as JSON: {\"netuid\", \"n\", \"neurons\": [{uid, hotkey, coldkey, ip, port, stake,"
                    + " validator_permit, active}]}. Stake is in TAO (alpha on dynamic-TAO subnets).",
            "Save it to a file to use with --metagraph static:FILE."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:printed", "1:the chain could not be read", "2:bad arguments or a bad --from-hex file"})
public final class MetagraphCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--from-hex", paramLabel = "FILE",
                description = "A recorded state_call result of NeuronInfoRuntimeApi_get_neurons_lite (0x… hex, either framing).")
        Path fromHex;

        @Option(names = "--subtensor", paramLabel = "URL",
                description = "A subtensor node: ws://, wss://, http:// or https://, e.g. wss://entrypoint-finney.opentensor.ai:443.")
        String subtensor;
    }

    @Option(names = "--netuid", paramLabel = "N",
            description = "The subnet. Required with --subtensor; with --from-hex it defaults to the neurons' own netuid.")
    Integer netuid;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Bound on each chain call (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        if (netuid != null && (netuid < 0 || netuid > 0xffff)) {
            throw new UserError("--netuid must be 0..65535, got " + netuid);
        }
        Metagraph m = input.fromHex != null ? fromHex(input.fromHex) : fromChain(input.subtensor);
        spec.commandLine().getOut().println(MetagraphJson.write(m));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Metagraph fromHex(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError("--from-hex " + file + ": no such file");
        } catch (IOException e) {
            throw new UserError("--from-hex " + file + ": cannot read: " + e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = RuntimeApiResult.hexToBytes(text);
        } catch (IllegalArgumentException e) {
            throw new UserError("--from-hex " + file + " is not a hex string: " + e.getMessage());
        }
        List<NeuronInfoLite> neurons;
        try {
            neurons = RuntimeApiResult.neuronsLite(bytes).value();
        } catch (ScaleDecodeException e) {
            throw new UserError("--from-hex " + file + " is not a get_neurons_lite result: " + e.getMessage());
        }
        int subnet = netuidOf(neurons, file);
        try {
            return Metagraph.fromNeuronsLite(subnet, Metagraph.UNKNOWN_BLOCK, neurons);
        } catch (IllegalArgumentException e) {
            throw new UserError("--from-hex " + file + ": " + e.getMessage());
        }
    }

    private int netuidOf(List<NeuronInfoLite> neurons, Path file) {
        if (neurons.isEmpty()) {
            if (netuid == null) {
                throw new UserError("--from-hex " + file + " holds no neurons, so give the subnet with --netuid");
            }
            return netuid;
        }
        int inFile = neurons.getFirst().netuid();
        if (netuid != null && netuid != inFile) {
            throw new UserError("--netuid " + netuid + " does not match netuid " + inFile + " of the neurons in " + file);
        }
        return inFile;
    }

    private Metagraph fromChain(String url) {
        if (netuid == null) {
            throw new UserError("--netuid is required with --subtensor");
        }
        if (timeoutSeconds <= 0) {
            throw new UserError("--timeout must be a positive number of seconds, got " + timeoutSeconds);
        }
        SubtensorMetagraphSource source;
        try {
            source = new SubtensorMetagraphSource(url, netuid, Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new UserError("--subtensor: " + e.getMessage());
        }
        try {
            return source.load();
        } catch (IOException e) {
            throw new UserError("cannot read the metagraph of netuid " + netuid + ": " + e.getMessage(), 1);
        }
    }
}
