package io.computeregister.bittensor.subtensor;

import io.computeregister.bittensor.testing.TestData;

/** The recorded chain answers in test resources {@code testdata/subtensor} (its README says what they decode to). */
final class RecordedResults {
    static final String NEURONS_NETUID1_TYPED = "neurons_lite_netuid1_typed.hex";
    static final String SUBNET_STATE_NETUID1 = "subnet_state_netuid1.hex";
    static final String NEURONS_NETUID23_WRAPPED = "neurons_lite_netuid23_wrapped.hex";

    private RecordedResults() {}

    /** The file's text: a {@code 0x…} hex string as the JSON-RPC result carried it. */
    static String hex(String name) {
        return TestData.text("subtensor/" + name).strip();
    }

    static byte[] bytes(String name) {
        return RuntimeApiResult.hexToBytes(hex(name));
    }
}
