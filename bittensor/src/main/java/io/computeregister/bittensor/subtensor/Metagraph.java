package io.computeregister.bittensor.subtensor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one subnet's neurons: what a validator or an API needs to find miners (hotkey → axon) and to weigh
 * them (stake, validator permit). Immutable; neurons are ordered by uid, and uids and hotkeys are unique.
 */
public final class Metagraph {
    /** {@link #block()} when the snapshot's block is not known (e.g. read from a file). */
    public static final long UNKNOWN_BLOCK = -1;

    /**
     * One neuron.
     *
     * @param stake the neuron's stake in TAO (alpha on dynamic-TAO subnets): the sum of its neurons_lite stake entries
     */
    public record Neuron(
            int uid,
            String hotkey,
            String coldkey,
            String ip,
            int port,
            double stake,
            boolean validatorPermit,
            boolean active) {

        /** Bittensor's rule: an axon serves once an IP other than 0.0.0.0 is on chain. */
        public boolean isServing() {
            return !"0.0.0.0".equals(ip);
        }

        static Neuron of(NeuronInfoLite n) {
            AxonInfo axon = n.axon();
            return new Neuron(n.uid(), n.hotkey().ss58(), n.coldkey().ss58(), axon.ip(), axon.port(),
                    n.totalStakeTao(), n.validatorPermit(), n.active());
        }
    }

    private final int netuid;
    private final long block;
    private final List<Neuron> neurons;
    private final Map<Integer, Neuron> byUid;
    private final Map<String, Neuron> byHotkey;

    /** @throws IllegalArgumentException when a uid or hotkey appears twice */
    public Metagraph(int netuid, long block, List<Neuron> neurons) {
        List<Neuron> sorted = new ArrayList<>(neurons);
        sorted.sort(Comparator.comparingInt(Neuron::uid));
        Map<Integer, Neuron> uids = new HashMap<>();
        Map<String, Neuron> hotkeys = new HashMap<>();
        for (Neuron n : sorted) {
            if (uids.put(n.uid(), n) != null) {
                throw new IllegalArgumentException("uid " + n.uid() + " appears twice in the metagraph of netuid " + netuid);
            }
            if (hotkeys.put(n.hotkey(), n) != null) {
                throw new IllegalArgumentException(
                        "hotkey " + n.hotkey() + " appears twice in the metagraph of netuid " + netuid);
            }
        }
        this.netuid = netuid;
        this.block = block;
        this.neurons = List.copyOf(sorted);
        this.byUid = Map.copyOf(uids);
        this.byHotkey = Map.copyOf(hotkeys);
    }

    /**
     * Builds a metagraph from {@code get_neurons_lite} output.
     *
     * @throws IllegalArgumentException when a neuron belongs to another subnet than {@code netuid}
     */
    public static Metagraph fromNeuronsLite(int netuid, long block, List<NeuronInfoLite> neurons) {
        List<Neuron> out = new ArrayList<>(neurons.size());
        for (NeuronInfoLite n : neurons) {
            if (n.netuid() != netuid) {
                throw new IllegalArgumentException(
                        "neuron uid " + n.uid() + " belongs to netuid " + n.netuid() + ", expected " + netuid);
            }
            out.add(Neuron.of(n));
        }
        return new Metagraph(netuid, block, out);
    }

    public int netuid() {
        return netuid;
    }

    /** The block the snapshot was read at, or {@link #UNKNOWN_BLOCK}. */
    public long block() {
        return block;
    }

    public int n() {
        return neurons.size();
    }

    public List<Neuron> neurons() {
        return neurons;
    }

    public Optional<Neuron> neuron(int uid) {
        return Optional.ofNullable(byUid.get(uid));
    }

    public Optional<Neuron> neuronByHotkey(String hotkeySs58) {
        return Optional.ofNullable(byHotkey.get(hotkeySs58));
    }

    @Override
    public String toString() {
        return "Metagraph[netuid=" + netuid + ", block=" + block + ", n=" + neurons.size() + "]";
    }
}
