package io.computeregister.api.wandb;

import com.fasterxml.jackson.databind.JsonNode;
import io.computeregister.protocol.wandb.WandbException;
import io.computeregister.protocol.wandb.WandbRun;
import java.util.List;
import java.util.Map;

/**
 * W&B as a read source for the list endpoints ({@code resources_wandb}, {@code all_runs}, {@code run_by_name}) and
 * for miner specs (docs/protocol.md §1.5, §2.11-§2.17). {@link #OFF} is the source when W&B is not configured.
 */
public interface WandbSource {

    /**
     * Runs of the project matching a MongoDB-style filter, exactly as the original passes them to
     * {@code api.runs(path, filters)}, e.g. {@code {"config.role": "miner", "state": "running"}}; newest first.
     *
     * @throws WandbException when W&B cannot be read
     */
    List<WandbRun> runs(Map<String, Object> filters);

    /** Running runs of the subnet with this display name ({@code <role>-<hotkey>}, docs/protocol.md §2.16). */
    List<WandbRun> runByName(String displayName);

    /**
     * {@code config.specs} (docs/protocol.md §9.10) of every running miner run of the subnet, by
     * {@code config.hotkey}.
     */
    Map<String, JsonNode> specsByHotkey();

    /** W&B not configured: nothing to read. */
    WandbSource OFF = new WandbSource() {
        @Override
        public List<WandbRun> runs(Map<String, Object> filters) {
            return List.of();
        }

        @Override
        public List<WandbRun> runByName(String displayName) {
            return List.of();
        }

        @Override
        public Map<String, JsonNode> specsByHotkey() {
            return Map.of();
        }
    };
}
