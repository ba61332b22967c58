package io.computeregister.api.specs;

import java.util.List;
import java.util.Map;

/** Where miners' hardware specs come from (docs/protocol.md §1.2, §1.5, §9.10). */
public interface SpecsSource {
    /** "specs", "wandb" or "validator-db": the name `--specs-from` uses and the store records. */
    String name();

    /**
     * The specs this source has for these metagraph neurons right now: hotkey -> report. A neuron missing from the
     * map has no specs here. Never throws: a source that cannot be read logs ONE clear line (naming the source and
     * why, no secrets) and returns what it could read (possibly nothing), so the other sources keep working.
     */
    Map<String, SpecsReport> read(List<io.computeregister.bittensor.subtensor.Metagraph.Neuron> neurons);
}
