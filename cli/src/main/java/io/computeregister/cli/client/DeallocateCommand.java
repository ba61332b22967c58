package io.computeregister.cli.client;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code compute deallocate UUID}: end a rental ({@code /service/deallocate?hotkey=&uuid_key=}). */
@Command(
        name = "deallocate",
        mixinStandardHelpOptions = true,
        description = "End a rental: the miner removes the container. The hotkey comes from the local store or the "
                + "API's allocation list.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:deallocated", "1:the API refused (unknown allocation, wrong uuid)",
            "2:bad arguments or the API cannot be reached"})
public final class DeallocateCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "UUID", description = "The allocation's uuid_key.")
    String uuid;

    @Option(names = "--notify", description = "Ask the API to send its DEALLOCATION webhook (notify_flag).")
    boolean notify;

    @Override
    public Integer call() {
        RegisterClient client = api.client();
        var found = AllocationLookup.find(api, client, uuid);
        var reply = Progress.during(api.err(), "deallocating " + uuid,
                () -> client.post("/service/deallocate", RegisterClient.query("hotkey", found.hotkey(),
                        "uuid_key", uuid, "notify_flag", notify ? true : null), null, Duration.ofMinutes(5)));
        reply.orThrow();
        api.store().delete(uuid);
        if (api.json()) {
            api.out().println(reply.data().isMissingNode() ? "null" : reply.data().toPrettyString());
        } else {
            api.out().println(reply.message());
        }
        api.out().flush();
        return 0;
    }
}
