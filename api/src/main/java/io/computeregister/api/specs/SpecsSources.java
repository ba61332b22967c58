package io.computeregister.api.specs;

import io.computeregister.bittensor.subtensor.Metagraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several specs sources in precedence order (`--specs-from`): each neuron's specs come from the first source that has
 * them. The miner's own {@code Specs} answer first (what it says of itself now), then its signed W&B run (what an
 * original Python miner publishes), then an original validator's {@code database.db} (what that validator last
 * recorded). A later source is asked only for the neurons the earlier ones had nothing for, so a miner that answers
 * {@code Specs} costs no W&B query. Each source already logs its own trouble and never throws.
 */
public final class SpecsSources implements SpecsSource {

    private final List<SpecsSource> inOrder;

    public SpecsSources(List<SpecsSource> inOrder) {
        if (inOrder.isEmpty()) throw new IllegalArgumentException("at least one specs source is needed");
        this.inOrder = List.copyOf(inOrder);
    }

    /** The sources' names in precedence order, comma-separated, as `--specs-from` takes them. */
    @Override
    public String name() {
        return inOrder.stream().map(SpecsSource::name).collect(Collectors.joining(","));
    }

    @Override
    public Map<String, SpecsReport> read(List<Metagraph.Neuron> neurons) {
        Map<String, SpecsReport> found = new HashMap<>();
        List<Metagraph.Neuron> left = new ArrayList<>(neurons);
        for (SpecsSource source : inOrder) {
            if (left.isEmpty()) break;
            Map<String, SpecsReport> reports = source.read(List.copyOf(left));
            found.putAll(reports);
            left.removeIf(n -> reports.containsKey(n.hotkey()));
        }
        return found;
    }
}
