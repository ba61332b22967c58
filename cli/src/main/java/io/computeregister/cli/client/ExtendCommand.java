package io.computeregister.cli.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compute extend UUID --days N}: a longer lease ({@code POST /allocations/{uuid}/extend}). */
@Command(
        name = "extend",
        mixinStandardHelpOptions = true,
        description = "Extend an allocation's lease by some days; the miner's own expiry moves too.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:extended", "1:the API refused (unknown allocation, bad days, an original miner)",
            "2:bad arguments or the API cannot be reached"})
public final class ExtendCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "UUID", description = "The allocation's uuid_key.")
    String uuid;

    @Option(names = "--days", paramLabel = "N", required = true, description = "Days to add, 1-365.")
    int days;

    @Override
    public Integer call() {
        var reply = Progress.during(api.err(), "extending " + uuid,
                () -> api.client().post("/allocations/" + uuid + "/extend", null, Map.of("days", days),
                        Duration.ofMinutes(2))).orThrow();
        api.out().println(api.json() ? reply.data().toPrettyString()
                : "Lease extended; expires at " + reply.data().path("expires_at").asText());
        api.out().flush();
        return 0;
    }
}
