package io.computeregister.bittensor.subtensor;

import static io.computeregister.bittensor.subtensor.RecordedResults.NEURONS_NETUID1_TYPED;
import static io.computeregister.bittensor.subtensor.RecordedResults.NEURONS_NETUID23_WRAPPED;
import static io.computeregister.bittensor.subtensor.RecordedResults.SUBNET_STATE_NETUID1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.computeregister.bittensor.scale.ScaleDecodeException;
import io.computeregister.bittensor.scale.ScaleReader;
import io.computeregister.bittensor.scale.ScaleWriter;
import io.computeregister.bittensor.subtensor.RuntimeApiResult.Framing;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeApiResultTest {

    @Test
    void typed_neurons_lite_of_netuid_1_decode_to_1024_neurons_with_the_recorded_values() {
        var decoded = RuntimeApiResult.neuronsLite(RecordedResults.bytes(NEURONS_NETUID1_TYPED));

        assertThat(decoded.framing()).isEqualTo(Framing.TYPED);
        List<NeuronInfoLite> neurons = decoded.value();
        assertThat(neurons).hasSize(1024);
        assertThat(neurons).extracting(NeuronInfoLite::uid).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 1024).boxed().toList());
        assertThat(neurons).allSatisfy(n -> assertThat(n.netuid()).isEqualTo(1));

        NeuronInfoLite uid0 = neurons.get(0);
        assertThat(uid0.hotkey().ss58()).isEqualTo("5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ");
        assertThat(uid0.coldkey().ss58()).isEqualTo("5EhQWxcFdYAk7B9tNdQnJQFzww5N3964rbsMk55SujcX3PwM");
        assertThat(uid0.active()).isFalse();
        assertThat(uid0.axon()).isEqualTo(new AxonInfo(6575906, 9011001, "192.222.59.109", 6028, 4, 4));
        assertThat(uid0.axon().isServing()).isTrue();
        assertThat(uid0.stake()).containsExactly(new NeuronInfoLite.Stake(uid0.coldkey(), 2557172316L));
        assertThat(uid0.totalStakeTao()).isEqualTo(2.557172316);
        assertThat(uid0.lastUpdate()).isEqualTo(2543521);
        assertThat(uid0.validatorPermit()).isFalse();

        AxonInfo last = neurons.get(1023).axon();
        assertThat(last.hostPort()).isEqualTo("0.0.0.0:0");
        assertThat(last.isServing()).isFalse();
    }

    @Test
    void wrapped_neurons_lite_of_netuid_23_decode_to_19_neurons() {
        byte[] result = RecordedResults.bytes(NEURONS_NETUID23_WRAPPED);
        assertThat(result).hasSize(3471);

        var decoded = RuntimeApiResult.neuronsLite(result);

        assertThat(decoded.framing()).isEqualTo(Framing.VEC_U8_WRAPPED);
        List<NeuronInfoLite> neurons = decoded.value();
        assertThat(neurons).hasSize(19);
        assertThat(neurons.get(0).hotkey().ss58()).isEqualTo("5G6coSQnHMttZsH5ZmYWAT6Jtg5zPDGxofirgGE4htow1UXD");
        assertThat(neurons.get(0).totalStakeRao()).hasToString("2999000");
        assertThat(neurons.get(0).validatorPermit()).isTrue();
        AxonInfo uid18 = neurons.get(18).axon();
        assertThat(neurons.get(18).uid()).isEqualTo(18);
        assertThat(uid18.hostPort()).isEqualTo("148.76.188.140:19014");
        assertThat(uid18.version()).isEqualTo(694);
    }

    @Test
    void the_wrapped_recording_does_not_decode_as_a_typed_vector() {
        // Without the framing rule these bytes are unreadable: that is what the rule is for.
        ScaleReader r = new ScaleReader(RecordedResults.bytes(NEURONS_NETUID23_WRAPPED));
        assertThatThrownBy(() -> {
                    r.vec(NeuronInfoLite::read);
                    r.expectEnd("Vec<NeuronInfoLite>");
                })
                .isInstanceOf(ScaleDecodeException.class);
    }

    @Test
    void subnet_state_of_netuid_1_decodes_with_the_recorded_values() {
        var decoded = RuntimeApiResult.subnetState(RecordedResults.bytes(SUBNET_STATE_NETUID1));

        assertThat(decoded.framing()).isEqualTo(Framing.TYPED);
        SubnetState s = decoded.value().orElseThrow();
        assertThat(s.netuid()).isEqualTo(1);
        assertThat(s.n()).isEqualTo(1024);
        assertThat(s.hotkeys().get(0).ss58()).isEqualTo("5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ");
        assertThat(s.alphaStake().subList(0, 2)).containsExactly(2557172316L, 2739937039L);
        assertThat(s.taoStake().subList(0, 2)).containsExactly(0L, 0L);
        assertThat(s.validatorPermit().stream().filter(b -> b).count()).isEqualTo(12);
        assertThat(s.emissionHistory()).hasSize(129);
    }

    @Test
    void subnet_state_agrees_with_neurons_lite_on_hotkeys_and_validator_permits() {
        List<NeuronInfoLite> neurons = RuntimeApiResult.neuronsLite(RecordedResults.bytes(NEURONS_NETUID1_TYPED)).value();
        SubnetState s = RuntimeApiResult.subnetState(RecordedResults.bytes(SUBNET_STATE_NETUID1)).value().orElseThrow();

        assertThat(s.hotkeys()).containsExactlyElementsOf(neurons.stream().map(NeuronInfoLite::hotkey).toList());
        assertThat(s.alphaStake().subList(0, 2)).containsExactly(
                neurons.get(0).totalStakeRao().longValueExact(), neurons.get(1).totalStakeRao().longValueExact());
        assertThat(s.validatorPermit()).containsExactlyElementsOf(
                neurons.stream().map(NeuronInfoLite::validatorPermit).toList());
    }

    @Test
    void a_missing_subnet_is_none() {
        var decoded = RuntimeApiResult.subnetState(new byte[] {0});
        assertThat(decoded.value()).isEqualTo(Optional.empty());
    }

    @Test
    void the_wrapped_framing_is_detected_for_subnet_state_too() {
        byte[] typed = RecordedResults.bytes(SUBNET_STATE_NETUID1);
        byte[] wrapped = new ScaleWriter().compact(typed.length).bytes(typed).toByteArray();

        var decoded = RuntimeApiResult.subnetState(wrapped);

        assertThat(decoded.framing()).isEqualTo(Framing.VEC_U8_WRAPPED);
        assertThat(decoded.value().orElseThrow().n()).isEqualTo(1024);
    }

    @Test
    void an_empty_neuron_list_decodes_as_empty() {
        assertThat(RuntimeApiResult.neuronsLite(new byte[] {0}).value()).isEmpty();
    }

    @Test
    void trailing_bytes_are_an_error_naming_their_offset() {
        byte[] typed = RecordedResults.bytes(NEURONS_NETUID1_TYPED);
        byte[] withTrailer = Arrays.copyOf(typed, typed.length + 2);

        assertThatThrownBy(() -> RuntimeApiResult.neuronsLite(withTrailer))
                .isInstanceOf(ScaleDecodeException.class)
                .hasMessageContaining("2 trailing byte(s) after Vec<NeuronInfoLite>")
                .hasMessageContaining("offset " + typed.length)
                .satisfies(e -> assertThat(((ScaleDecodeException) e).offset()).isEqualTo(typed.length));
    }

    @Test
    void trailing_bytes_inside_a_wrapped_payload_are_an_error_at_their_offset_in_the_whole_result() {
        byte[] recorded = RecordedResults.bytes(NEURONS_NETUID23_WRAPPED);
        ScaleReader prefix = new ScaleReader(recorded);
        assertThat(prefix.compactU64()).isEqualTo(3469);
        byte[] payloadWithExtraByte = Arrays.copyOfRange(recorded, prefix.position(), recorded.length + 1);
        byte[] rewrapped = new ScaleWriter()
                .compact(payloadWithExtraByte.length)
                .bytes(payloadWithExtraByte)
                .toByteArray();

        assertThatThrownBy(() -> RuntimeApiResult.neuronsLite(rewrapped))
                .isInstanceOf(ScaleDecodeException.class)
                .hasMessageContaining("1 trailing byte(s)")
                .satisfies(e -> assertThat(((ScaleDecodeException) e).offset()).isEqualTo(rewrapped.length - 1));
    }

    @Test
    void a_truncated_result_names_the_offset_where_the_data_ran_out() {
        byte[] typed = RecordedResults.bytes(NEURONS_NETUID1_TYPED);
        byte[] cut = Arrays.copyOf(typed, 5000);

        assertThatThrownBy(() -> RuntimeApiResult.neuronsLite(cut))
                .isInstanceOf(ScaleDecodeException.class)
                .hasMessageContaining("unexpected end of data")
                .hasMessageContaining("offset");
    }

    @Test
    void hex_parsing_accepts_an_optional_0x_and_rejects_garbage() {
        assertThat(RuntimeApiResult.hexToBytes("0x1b00\n")).containsExactly(0x1b, 0x00);
        assertThat(RuntimeApiResult.hexToBytes("1b00")).containsExactly(0x1b, 0x00);
        assertThatThrownBy(() -> RuntimeApiResult.hexToBytes("0x123")).hasMessageContaining("odd number");
        assertThatThrownBy(() -> RuntimeApiResult.hexToBytes("0xzz")).hasMessageContaining("not hex");
    }
}
