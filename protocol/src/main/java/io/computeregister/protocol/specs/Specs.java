package io.computeregister.protocol.specs;

import io.computeregister.bittensor.synapse.Synapse;

/**
 * NI Compute's {@code Specs} synapse (compute/protocol.py): {@code specs_input} and {@code specs_output}, both "".
 * COMPAT: the original miner no longer answers it (specs travel through W&B); ours does, with
 * {@code specs_output} = the {@link MinerSpecs} JSON in the original's {@code config.specs} shape, so the API can learn
 * a miner's hardware without W&B.
 */
public class Specs extends Synapse {
    private String specsInput = "";
    private String specsOutput = "";

    public String specsInput() { return specsInput; }
    public Specs specsInput(String v) { this.specsInput = v == null ? "" : v; return this; }

    public String specsOutput() { return specsOutput; }
    public Specs specsOutput(String v) { this.specsOutput = v == null ? "" : v; return this; }
}
