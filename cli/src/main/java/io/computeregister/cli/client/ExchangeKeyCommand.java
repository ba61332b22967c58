package io.computeregister.cli.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compute exchange-key UUID --ssh-key FILE}: replace the container's authorized key (docs/protocol.md §2.8).
 */
@Command(
        name = "exchange-key",
        mixinStandardHelpOptions = true,
        description = "Replace the SSH key of an allocation's container; 'compute ssh' then uses the new key.")
public final class ExchangeKeyCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "UUID", description = "The allocation's uuid_key.")
    String uuid;

    @Option(names = "--ssh-key", paramLabel = "FILE", required = true,
            description = "The new public key (.pub) or private key file.")
    Path sshKey;

    @Override
    public Integer call() {
        SshKeyFile key = SshKeyFile.read(sshKey);
        RegisterClient client = api.client();
        var found = AllocationLookup.find(api, client, uuid);
        var reply = Progress.during(api.err(), "exchanging the key of " + uuid,
                () -> client.post("/service/exchange_docker_key", RegisterClient.query("hotkey", found.hotkey(),
                        "uuid_key", uuid, "ssh_key", key.publicKey(), "key_type", "user"), null,
                        Duration.ofMinutes(2)));
        reply.orThrow();
        if (found.local()) {
            // keep the local record in step, so 'compute ssh' offers the new key
            var a = ((com.fasterxml.jackson.databind.node.ObjectNode) found.allocation().deepCopy()).put("ssh_key",
                    key.publicKey());
            api.store().save(client.base().toString(), a, key.identityFile());
        }
        api.out().println(api.json() ? (reply.data().isMissingNode() ? "null" : reply.data().toPrettyString())
                : reply.message());
        api.out().flush();
        return 0;
    }
}
