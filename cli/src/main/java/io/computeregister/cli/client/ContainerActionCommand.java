package io.computeregister.cli.client;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code compute restart|pause|unpause UUID}: {@code /service/<action>_docker?hotkey=&uuid_key=}
 * (docs/protocol.md §2.7). One base, three named commands, because the three routes differ only in the action name.
 */
public abstract class ContainerActionCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "UUID", description = "The allocation's uuid_key.")
    String uuid;

    abstract String action();

    @Override
    public Integer call() {
        RegisterClient client = api.client();
        var found = AllocationLookup.find(api, client, uuid);
        var reply = Progress.during(api.err(), action() + " of " + uuid,
                () -> client.post("/service/" + action() + "_docker",
                        RegisterClient.query("hotkey", found.hotkey(), "uuid_key", uuid), null, Duration.ofMinutes(2)));
        reply.orThrow();
        api.out().println(api.json() ? (reply.data().isMissingNode() ? "null" : reply.data().toPrettyString())
                : reply.message());
        api.out().flush();
        return 0;
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart an allocation's container.")
    public static final class Restart extends ContainerActionCommand {
        @Override
        String action() {
            return "restart";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause (freeze) an allocation's container.")
    public static final class Pause extends ContainerActionCommand {
        @Override
        String action() {
            return "pause";
        }
    }

    @Command(name = "unpause", mixinStandardHelpOptions = true, description = "Resume a paused container.")
    public static final class Unpause extends ContainerActionCommand {
        @Override
        String action() {
            return "unpause";
        }
    }
}
