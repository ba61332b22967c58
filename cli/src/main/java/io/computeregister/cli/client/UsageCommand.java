package io.computeregister.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code compute usage [--from] [--to] [--tenant] [--csv]}: GPU-hours and core-hours ({@code GET /usage}). */
@Command(
        name = "usage",
        mixinStandardHelpOptions = true,
        description = "GPU-hours, core-hours and allocations per tenant in a window (your own; an admin key: all).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:printed", "1:the API refused (bad window)", "2:bad arguments or the API cannot be reached"})
public final class UsageCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Option(names = "--from", paramLabel = "WHEN", description = "ISO date or instant (default: this month's first day).")
    String from;

    @Option(names = "--to", paramLabel = "WHEN", description = "ISO date or instant, exclusive (default: now).")
    String to;

    @Option(names = "--tenant", paramLabel = "NAME", description = "Admin only: one tenant.")
    String tenant;

    @Option(names = "--csv", description = "Print CSV (a header line, one line per tenant), for billing tools.")
    boolean csv;

    @Override
    public Integer call() {
        var reply = api.client().get("/usage", RegisterClient.query("from", from, "to", to, "tenant", tenant,
                "format", csv ? "csv" : null), Duration.ofMinutes(1));
        if (csv) {
            if (reply.status() != 200) reply.orThrow();
            api.out().print(reply.raw());
        } else if (api.json()) {
            api.out().println(reply.orThrow().data().toPrettyString());
        } else {
            JsonNode data = reply.orThrow().data();
            api.out().println("From " + data.path("from").asText() + " to " + data.path("to").asText());
            Table table = new Table("TENANT", "ALLOCATIONS", "GPU-HOURS", "CORE-HOURS");
            for (JsonNode u : data.path("usage")) {
                table.row(u.path("tenant").asText(), u.path("allocations").asText(), u.path("gpu_hours").asText(),
                        u.path("core_hours").asText());
            }
            table.print(api.out());
        }
        api.out().flush();
        return 0;
    }
}
