package io.computeregister.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code compute allocate}: rent a machine by requirements ({@code /service/allocate_spec}) or by miner hotkey
 * ({@code /service/allocate_hotkey}), then keep its credentials in the local store for {@code compute ssh}.
 */
@Command(
        name = "allocate",
        mixinStandardHelpOptions = true,
        description = {
            "Rent a machine: by requirements (--gpu-type, --gpu-size, --cpus, --ram, --disk, --days) or a given miner "
                    + "(--hotkey). The credentials are kept in ~/.compute/allocations/UUID.json (mode 600) for "
                    + "'compute ssh UUID'."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:allocated", "1:the API refused (nothing fits, miner failed, bad key)",
            "2:bad arguments or the API cannot be reached"})
public final class AllocateCommand implements Callable<Integer> {

    /** A miner may take minutes to start a container; the API bounds its own attempts (3 miners at most). */
    static final Duration ALLOCATE_TIMEOUT = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Option(names = "--hotkey", paramLabel = "SS58", description = "Allocate this miner (no requirement options).")
    String hotkey;

    @Option(names = "--gpu-type", paramLabel = "TEXT",
            description = "Part of the GPU model name, case-insensitive, e.g. 4090 or a100 (default: any GPU).")
    String gpuType;

    @Option(names = "--gpu-size", paramLabel = "GB", description = "Total GPU memory in GB the machine must exceed (GB x 1000 MiB, as the API compares); needs --gpu-type (default: any size).")
    Integer gpuSize;

    @Option(names = "--cpus", paramLabel = "N", description = "Minimum physical CPU cores (default: 1).")
    Integer cpus;

    @Option(names = "--ram", paramLabel = "GIB", description = "Minimum available RAM in GiB (default: 1).")
    Integer ram;

    @Option(names = "--disk", paramLabel = "GIB", description = "Minimum free disk in GiB (default: 1).")
    Integer disk;

    @Option(names = "--days", paramLabel = "N", description = "Rental length in days (default: 30).")
    Integer days;

    @Option(names = "--gpu-count", paramLabel = "N",
            description = "How many GPUs (of --gpu-type, any if none), on our miners; default: one when a GPU is asked.")
    Integer gpuCount;

    @Option(names = "--port", paramLabel = "PORT",
            description = "A container port to publish besides SSH (repeatable, at most 8), e.g. --port 8888 for "
                    + "Jupyter; the allocation lists the host port each maps to (our miners).")
    java.util.List<Integer> ports;

    @Option(names = "--image", paramLabel = "NAME",
            description = "An image from the miners' catalogs (compute list resources shows them); default: the "
                    + "miner's default image.")
    String image;

    @Option(names = "--volume", paramLabel = "PATH",
            description = "Absolute path inside the container for the allocation's volume (default: the API's, /tmp).")
    String volume;

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "Public key (id_ed25519.pub) or private key file to log in with instead of the password.")
    Path sshKey;

    @Option(names = "--dry-run", description = "Only explain which miner would be chosen and why (allocate_spec).")
    boolean dryRun;

    @Override
    public Integer call() {
        boolean specGiven = gpuType != null || gpuSize != null || cpus != null || ram != null || disk != null
                || days != null || gpuCount != null;
        if (hotkey != null && specGiven) {
            throw new ParameterException(spec.commandLine(),
                    "--hotkey picks the miner itself: do not combine it with --gpu-type/--gpu-size/--cpus/--ram/--disk/--days");
        }
        if (hotkey != null && dryRun) throw new ParameterException(spec.commandLine(), "--dry-run needs requirements, not --hotkey");
        if (hotkey != null && hotkey.isBlank()) throw new ParameterException(spec.commandLine(), "--hotkey is empty");
        checkNonNegative("--gpu-size", gpuSize);
        if (gpuSize != null && gpuSize > 0 && (gpuType == null || gpuType.isBlank())) {
            throw new ParameterException(spec.commandLine(), "--gpu-size needs --gpu-type: the API ignores a GPU size "
                    + "without a model (part of its name, e.g. --gpu-type 4090 or --gpu-type nvidia)");
        }
        checkNonNegative("--cpus", cpus);
        checkNonNegative("--ram", ram);
        checkNonNegative("--disk", disk);
        if (days != null && days < 1) throw new ParameterException(spec.commandLine(), "--days must be at least 1, got " + days);
        if (gpuCount != null && gpuCount < 1) {
            throw new ParameterException(spec.commandLine(), "--gpu-count must be at least 1, got " + gpuCount);
        }

        SshKeyFile key = sshKey == null ? null : SshKeyFile.read(sshKey);
        RegisterClient client = api.client();
        ObjectNode docker = RegisterClient.JSON.createObjectNode();
        docker.put("ssh_key", key == null ? "" : key.publicKey());
        if (ports != null && !ports.isEmpty()) {
            var array = docker.putArray("ports");
            ports.forEach(array::add);
        }
        if (volume != null) docker.put("volume_path", volume);
        if (image != null) docker.put("base_image", image);

        if (dryRun) {
            var reply = client.post("/service/allocate_spec", RegisterClient.query("dry_run", true), specBody(docker),
                    Duration.ofSeconds(60)).orThrow();
            printDryRun(reply.data());
            return 0;
        }
        RegisterClient.ApiReply reply;
        if (hotkey != null) {
            reply = Progress.during(api.err(), "allocating miner " + abbreviate(hotkey) + " (the miner starts a container)",
                    () -> client.post("/service/allocate_hotkey", RegisterClient.query("hotkey", hotkey), docker,
                            ALLOCATE_TIMEOUT));
        } else {
            reply = Progress.during(api.err(), "finding a miner and starting a container",
                    () -> client.post("/service/allocate_spec", null, specBody(docker), ALLOCATE_TIMEOUT));
        }
        reply.orThrow();
        JsonNode allocation = reply.data();
        CredentialStore store = api.store();
        store.save(client.base().toString(), allocation, key == null ? null : key.identityFile());
        if (api.json()) {
            api.out().println(allocation.toPrettyString());
            api.out().flush();
        } else {
            printAllocation(api.out(), allocation, store);
        }
        return 0;
    }

    private ObjectNode specBody(ObjectNode docker) {
        ObjectNode req = RegisterClient.JSON.createObjectNode();
        req.put("cpu_count", cpus == null ? 1 : cpus);
        // COMPAT: the API's default gpu_type is the literal "gpu", which matches almost no model (docs/protocol.md
        // §2.3); "" means any.
        req.put("gpu_type", gpuType == null ? "" : gpuType);
        // COMPAT: the API applies the model filter only when gpu_size is non-zero too (docs/protocol.md §2.3), so a
        // bare --gpu-type asks for more than 1000 MiB, which every GPU has; "--gpu-type 4090" then means what it says.
        req.put("gpu_size", gpuType == null ? 0 : Math.max(1, gpuSize == null ? 0 : gpuSize));
        req.put("ram", ram == null ? 1 : ram);
        req.put("hard_disk", disk == null ? 1 : disk);
        req.put("timeline", days == null ? 30 : days);
        if (gpuCount != null) req.put("gpu_count", gpuCount);
        ObjectNode body = RegisterClient.JSON.createObjectNode();
        body.set("requirements", req);
        body.set("docker_requirement", docker);
        return body;
    }

    private void printAllocation(PrintWriter out, JsonNode a, CredentialStore store) {
        String uuid = a.path("uuid_key").asText();
        new Table("FIELD", "VALUE")
                .row("uuid", uuid)
                .row("miner", a.path("hotkey").asText())
                .row("resource", a.path("resource").asText())
                .row("ssh", a.path("ssh_command").asText())
                .row("credentials", store.dir().resolve(uuid + ".json"))
                .print(out);
        out.println();
        out.println("Log in:   compute ssh " + uuid);
        out.println("Release:  compute deallocate " + uuid);
        out.flush();
    }

    private void printDryRun(JsonNode report) {
        if (api.json()) {
            api.out().println(report.toPrettyString());
        } else {
            api.out().println("Dry run (nothing reserved):");
            api.out().println(report.path("summary").asText("(no summary)"));
            Table top = new Table("RANK", "MINER", "UID", "SCORE");
            int rank = 1;
            for (JsonNode m : report.path("top")) {
                top.row(rank++, m.path("hotkey").asText(), m.path("uid").asText(""), m.path("score").asText());
            }
            if (!top.isEmpty()) top.print(api.out());
            api.out().println("Use --json for the full placement report.");
        }
        api.out().flush();
    }

    private void checkNonNegative(String option, Integer v) {
        if (v != null && v < 0) throw new ParameterException(spec.commandLine(), option + " must be 0 or more, got " + v);
    }

    static String abbreviate(String hotkey) {
        return hotkey.length() <= 12 ? hotkey : hotkey.substring(0, 6) + "…" + hotkey.substring(hotkey.length() - 4);
    }
}
