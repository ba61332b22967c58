package io.computeregister.cli.client;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compute logs UUID [--tail N]}: the container's recent output ({@code GET /allocations/{uuid}/logs}). */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = "Print an allocation's container output (stdout and stderr), fetched from its miner.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:printed", "1:the API refused (unknown allocation, an original miner without logs)",
            "2:bad arguments or the API cannot be reached"})
public final class LogsCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "UUID", description = "The allocation's uuid_key.")
    String uuid;

    @Option(names = "--tail", paramLabel = "N", description = "How many last lines, 1-10000 (default: 100).")
    Integer tail;

    @Override
    public Integer call() {
        var reply = api.client().get("/allocations/" + uuid + "/logs", RegisterClient.query("tail", tail),
                Duration.ofMinutes(1)).orThrow();
        api.out().print(api.json() ? reply.data().toPrettyString() + System.lineSeparator()
                : reply.data().path("logs").asText());
        api.out().flush();
        return 0;
    }
}
