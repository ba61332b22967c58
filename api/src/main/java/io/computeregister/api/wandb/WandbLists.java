package io.computeregister.api.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The W&amp;B-backed lists' reads (docs/protocol.md §2.11-§2.17), with the original's filters, on one client. */
public final class WandbLists implements WandbSource {

    private final WandbClient client;

    public WandbLists(WandbClient client) {
        this.client = client;
    }

    @Override
    public List<WandbRun> runs(Map<String, Object> filters) {
        return client.runs(filters);
    }

    @Override
    public List<WandbRun> runByName(String displayName) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("config.config.netuid", client.config().netuid());
        f.put("display_name", displayName);
        f.put("state", "running");
        return client.runs(f);
    }

    /**
     * COMPAT: as the original's {@code resources_wandb}, no signature check: any running miner run's specs count here
     * (discovery reads W&amp;B through {@code specs.WandbMinerSpecs}, which checks them).
     */
    @Override
    public Map<String, JsonNode> specsByHotkey() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("config.role", "miner");
        f.put("config.config.netuid", client.config().netuid());
        f.put("state", "running");
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        for (WandbRun r : client.runs(f)) {
            JsonNode s = r.config().path("specs");
            // newest first: the first run seen for a hotkey wins
            if (r.hotkey() != null && s.isObject() && !s.isEmpty()) specs.putIfAbsent(r.hotkey(), s);
        }
        return specs;
    }

    @Override
    public String toString() {
        return "WandbLists[" + client.config() + "]";
    }
}
