package io.computeregister.bittensor.subtensor;

import java.io.IOException;
import java.time.Duration;

/**
 * A metagraph read from a subtensor node: the best block's number, its hash (so every read sees one snapshot), then
 * {@code NeuronInfoRuntimeApi_get_neurons_lite} at that hash. Hotkeys, axons, validator permits and stake all come from
 * the neurons; stake is the neuron's own stake entry (alpha on dynamic-TAO subnets), not SubnetState's
 * {@code total_stake}, which Python's 9.x metagraph substitutes for {@code S}.
 *
 * <p>Each load opens its own connection and closes it: refreshes are minutes apart, and a fresh socket cannot be stale.
 */
public final class SubtensorMetagraphSource implements MetagraphSource {
    private final String endpointUrl;
    private final int netuid;
    private final Duration timeout;
    private final String shownEndpoint;

    public SubtensorMetagraphSource(String endpointUrl, int netuid) {
        this(endpointUrl, netuid, RpcClient.DEFAULT_TIMEOUT);
    }

    /** @throws IllegalArgumentException for a malformed endpoint or a netuid outside u16 */
    public SubtensorMetagraphSource(String endpointUrl, int netuid, Duration timeout) {
        RpcClient.netuidParam(netuid); // validates the range now rather than at the first refresh
        this.endpointUrl = endpointUrl.strip();
        this.shownEndpoint = RpcClient.redact(RpcClient.endpointUri(endpointUrl));
        this.netuid = netuid;
        this.timeout = timeout;
    }

    @Override
    public Metagraph load() throws IOException {
        try (RpcClient rpc = RpcClient.connect(endpointUrl, timeout)) {
            long block = rpc.header().number();
            String hash = rpc.blockHash(block);
            try {
                return Metagraph.fromNeuronsLite(netuid, block, rpc.neuronsLite(netuid, hash));
            } catch (IllegalArgumentException e) {
                throw new IOException("subtensor " + shownEndpoint + " returned an inconsistent metagraph: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String describe() {
        return "subtensor:" + shownEndpoint + " netuid " + netuid;
    }
}
