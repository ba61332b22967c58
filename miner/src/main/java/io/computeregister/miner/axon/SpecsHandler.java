package io.computeregister.miner.axon;

import io.computeregister.protocol.specs.MinerSpecs;
import io.computeregister.protocol.specs.Specs;
import java.util.function.Supplier;

/** Answers {@code Specs} with the machine's hardware as the original's {@code config.specs} JSON. */
public final class SpecsHandler {

    private final Supplier<MinerSpecs> specs;

    /** @param specs the current specs (the miner probes once at start; disk and RAM figures are that moment's) */
    public SpecsHandler(Supplier<MinerSpecs> specs) {
        this.specs = specs;
    }

    public Specs handle(Specs request) {
        return request.specsOutput(specs.get().toJson());
    }
}
