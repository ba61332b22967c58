package io.computeregister.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code compute list allocations|resources|available}: {@code /list/allocations_sql}, {@code /list/resources_sql},
 * {@code /list/available} (docs/protocol.md §2.9, §2.10, §2.17). "Nothing there" answers (a 404 for the two SQL
 * lists, an empty {@code data} for available) print an empty table and exit 0: an empty list is not an error for a
 * renter.
 */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List your allocations, the miners' resources, or the miners available to rent.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:listed (possibly empty)", "1:the API refused", "2:bad arguments or the API cannot be reached"})
public final class ListCommand implements Callable<Integer> {

    enum What { allocations, resources, available }

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "WHAT", description = "allocations, resources or available.")
    What what;

    @Option(names = "--gpu-name", paramLabel = "TEXT", description = "resources: part of the GPU name.")
    String gpuName;

    @Option(names = "--rented", description = "available: list the rented miners instead.")
    boolean rented;

    @Option(names = "--page", paramLabel = "N", description = "Page number (resources, available); default: all.")
    Integer page;

    @Option(names = "--page-size", paramLabel = "N", description = "Page size with --page (API default 50).")
    Integer pageSize;

    @Override
    public Integer call() {
        RegisterClient client = api.client();
        Duration t = Duration.ofSeconds(60);
        JsonNode data = switch (what) {
            case allocations -> emptyOn404(client.post("/list/allocations_sql", null, null, t), "No resources found.");
            case resources -> {
                ObjectNode query = RegisterClient.JSON.createObjectNode();
                if (gpuName != null) query.put("gpu_name", gpuName);
                yield emptyOn404(client.post("/list/resources_sql", RegisterClient.query("page_number", page,
                        "page_size", pageSize), query, t), "There is no resource available");
            }
            case available -> client.post("/list/available", RegisterClient.query("rent_status", rented ? true : null,
                    "page_number", page, "page_size", pageSize), null, t).orThrow().data();
        };
        if (api.json()) {
            api.out().println(data.toPrettyString());
            api.out().flush();
            return 0;
        }
        Table table = switch (what) {
            case allocations -> allocations(data);
            case resources -> resources(data);
            case available -> available(data);
        };
        if (table.isEmpty()) {
            api.out().println("No " + what + ".");
            api.out().flush();
        } else {
            table.print(api.out());
        }
        return 0;
    }

    /** The two SQL lists answer 404 with this message when the table is empty (docs/protocol.md §2.9, §2.10). */
    private static JsonNode emptyOn404(RegisterClient.ApiReply reply, String emptyMessage) {
        if (reply.status() == 404 && emptyMessage.equals(reply.message())) return RegisterClient.JSON.createArrayNode();
        return reply.orThrow().data();
    }

    private static Table allocations(JsonNode data) {
        // never a password column: the list is for looking, 'compute ssh UUID' uses the stored credentials
        Table t = new Table("UUID", "MINER", "RESOURCE", "SSH");
        for (JsonNode a : items(data)) {
            t.row(a.path("uuid_key").asText(), a.path("hotkey").asText(), a.path("resource").asText(),
                    a.path("ssh_command").asText());
        }
        return t;
    }

    private static Table resources(JsonNode data) {
        Table t = new Table("MINER", "GPU", "GPUS", "GPU GIB", "CPUS", "RAM GIB", "DISK GIB", "STATUS", "FREE",
                "IMAGES");
        for (JsonNode r : items(data)) {
            // Our miners rent by share: what is left of them (cores, GPUs) and the images a renter may pick.
            JsonNode free = r.path("free");
            List<String> images = new java.util.ArrayList<>();
            r.path("images").forEach(i -> images.add(i.asText()));
            t.row(r.path("hotkey").asText(), r.path("gpu_name").asText(), r.path("gpu_count").asText(),
                    r.path("gpu_capacity").asText(), r.path("cpu_count").asText(), r.path("ram").asText(),
                    r.path("hard_disk").asText(), r.path("allocate_status").asText(),
                    free.isMissingNode() ? "" : free.path("cpu_count").asText() + " cpus, "
                            + free.path("gpu_count").asText() + " gpus",
                    String.join(",", images));
        }
        return t;
    }

    private static Table available(JsonNode data) {
        Table t = new Table("MINER", "GPU", "GPUS", "CPUS", "RAM GIB");
        for (JsonNode m : items(data)) {
            JsonNode d = m.path("details");
            JsonNode gpu = d.path("gpu");
            t.row(m.path("hotkey").asText(), gpu.path("details").path(0).path("name").asText(""),
                    gpu.path("count").asText(""), d.path("cpu").path("count").asText(""),
                    d.path("ram").has("total") ? String.format("%.1f", d.path("ram").path("total").asDouble() / (1L << 30))
                            : "");
        }
        return t;
    }

    /**
     * The rows of a list answer, whatever its shape: a bare array (docs/protocol.md §2.9), a page
     * {@code {page_items: [...]}} (§2.19), and items keyed by position {@code {"1": {...}}} (§2.14-§2.17) are all
     * flattened to their objects.
     */
    static List<JsonNode> items(JsonNode data) {
        List<JsonNode> out = new ArrayList<>();
        if (data == null || data.isMissingNode() || data.isNull()) return out;
        JsonNode list = data.has("page_items") ? data.get("page_items") : data;
        if (list.isArray()) {
            for (JsonNode item : list) unwrapPositional(item, out);
        } else if (list.isObject()) {
            unwrapPositional(list, out);
        }
        return out;
    }

    private static void unwrapPositional(JsonNode item, List<JsonNode> out) {
        boolean positional = item.isObject() && item.size() > 0;
        var names = item.fieldNames();
        while (positional && names.hasNext()) positional = names.next().matches("\\d+");
        if (positional) {
            item.forEach(out::add);
        } else if (item.isObject()) {
            out.add(item);
        }
    }
}
