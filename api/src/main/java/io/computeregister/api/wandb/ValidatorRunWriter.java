package io.computeregister.api.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.bittensor.crypto.Keypair;
import io.computeregister.protocol.wandb.RunConfig;
import io.computeregister.protocol.wandb.RunSignature;
import io.computeregister.protocol.wandb.WandbClient;
import io.computeregister.protocol.wandb.WandbException;
import io.computeregister.protocol.wandb.WandbRun;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the held miners into the validator run as the original's {@code update_allocated_hotkeys}
 * (docs/protocol.md §5.4): read the run's whole config, set {@code allocated_hotkeys}, each {@code stats} row's
 * {@code allocated} flag and a fresh run signature by the API hotkey, write the whole config back.
 */
public final class ValidatorRunWriter implements WandbSink {

    private static final Logger log = LoggerFactory.getLogger(ValidatorRunWriter.class);

    private final WandbClient client;
    private final Keypair hotkey;

    /** @param hotkey the API's hotkey: its validator run is the one written, and it signs that run */
    public ValidatorRunWriter(WandbClient client, Keypair hotkey) {
        this.client = client;
        this.hotkey = hotkey;
    }

    @Override
    public void publishAllocated(String validatorHotkey, List<String> allocatedHotkeys) {
        String runId = client.config().runId() != null ? client.config().runId() : validatorRunOf(validatorHotkey);
        RunConfig config = client.run(runId).orElseThrow(() -> new WandbException(
                "W&B has no run " + runId + " in " + client.config().path())).config();
        Set<String> allocated = new HashSet<>(allocatedHotkeys);
        config.with("allocated_hotkeys", List.copyOf(allocatedHotkeys));
        // docs/protocol.md §5.4 step 2: each stats row's "allocated" follows the list
        JsonNode stats = config.get("stats");
        if (stats.isObject()) {
            ObjectNode updated = ((ObjectNode) stats).deepCopy();
            updated.properties().forEach(row -> {
                if (row.getValue() instanceof ObjectNode o && o.has("hotkey")) {
                    o.put("allocated", allocated.contains(o.get("hotkey").asText()));
                }
            });
            config.with("stats", updated);
        }
        config.with("signature", RunSignature.sign(hotkey, runId));
        client.upsert(runId, null, config);
        log.info("W&B run {} of {}: allocated_hotkeys = {} hotkeys", runId, client.config().path(),
                allocatedHotkeys.size());
    }

    private String validatorRunOf(String validatorHotkey) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("config.role", "validator");
        f.put("config.hotkey", validatorHotkey);
        List<WandbRun> runs = client.runs(f);
        if (runs.isEmpty()) {
            throw new WandbException("W&B has no validator run for hotkey " + validatorHotkey + " in "
                    + client.config().path() + "; set WANDB_RUN_ID");
        }
        return runs.getFirst().id();
    }

    @Override
    public String toString() {
        return "ValidatorRunWriter[" + client.config() + "]";
    }
}
