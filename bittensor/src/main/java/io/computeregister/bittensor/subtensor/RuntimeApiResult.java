package io.computeregister.bittensor.subtensor;

import io.computeregister.bittensor.scale.ScaleDecodeException;
import io.computeregister.bittensor.scale.ScaleReader;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decodes the bytes a {@code state_call} of a runtime API returns, in either of the two framings chains have used.
 *
 * <ul>
 *   <li>{@link Framing#TYPED}: runtimes since the Feb 2025 "rao" upgrade return the SCALE value itself.
 *   <li>{@link Framing#VEC_U8_WRAPPED}: older runtimes declared the API as returning {@code Vec<u8>}, so the value
 *       arrives as {@code Compact(len) ‖ value}.
 * </ul>
 *
 * <p>Rule, which needs no runtime metadata: if the bytes start with a compact length that equals exactly the number of
 * bytes after it, and those bytes decode as the value consuming every byte, the result is wrapped. Otherwise the whole
 * result must decode as the value consuming every byte. A typed value almost never starts with its own remaining length
 * (a typed {@code Vec<NeuronInfoLite>} of n neurons is at least ~150·n bytes long), and the full decode confirms the
 * choice; an empty typed vector ({@code 00}) reads the same either way. Trailing bytes are always an error.
 */
public final class RuntimeApiResult {
    private RuntimeApiResult() {}

    public enum Framing {
        TYPED,
        VEC_U8_WRAPPED
    }

    /** A decoded value and the framing it came in. */
    public record Decoded<T>(Framing framing, T value) {}

    /** {@code NeuronInfoRuntimeApi_get_neurons_lite}. */
    public static Decoded<List<NeuronInfoLite>> neuronsLite(byte[] result) {
        return decode(result, r -> r.vec(NeuronInfoLite::read), "Vec<NeuronInfoLite>");
    }

    /** {@code SubnetInfoRuntimeApi_get_subnet_state}. */
    public static Decoded<Optional<SubnetState>> subnetState(byte[] result) {
        return decode(result, SubnetState::readOption, "Option<SubnetState>");
    }

    /** Parses the {@code 0x…} hex string of a JSON-RPC result (the {@code 0x} is optional, whitespace around is ignored). */
    public static byte[] hexToBytes(String hex) {
        String h = hex.strip();
        if (h.startsWith("0x") || h.startsWith("0X")) {
            h = h.substring(2);
        }
        if (h.length() % 2 != 0) {
            throw new IllegalArgumentException("hex has an odd number of digits (" + h.length() + ")");
        }
        try {
            return HexFormat.of().parseHex(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: " + e.getMessage(), e);
        }
    }

    public static <T> Decoded<T> decode(byte[] result, Function<ScaleReader, T> decoder, String what) {
        int payloadStart = wrappedPayloadStart(result);
        if (payloadStart < 0) {
            return new Decoded<>(Framing.TYPED, decodeAll(result, 0, decoder, what));
        }
        try {
            return new Decoded<>(Framing.VEC_U8_WRAPPED, decodeAll(result, payloadStart, decoder, what));
        } catch (ScaleDecodeException wrappedFailure) {
            try {
                return new Decoded<>(Framing.TYPED, decodeAll(result, 0, decoder, what));
            } catch (ScaleDecodeException typedFailure) {
                // The matching length prefix makes "wrapped" the far likelier reading, so its error is the one to show.
                wrappedFailure.addSuppressed(typedFailure);
                throw wrappedFailure;
            }
        }
    }

    /** Where the payload starts if the result begins with a compact length equal to the bytes that follow, else -1. */
    private static int wrappedPayloadStart(byte[] result) {
        ScaleReader r = new ScaleReader(result);
        try {
            long len = r.compactU64();
            return len == r.remaining() ? r.position() : -1;
        } catch (ScaleDecodeException e) {
            return -1;
        }
    }

    private static <T> T decodeAll(byte[] bytes, int start, Function<ScaleReader, T> decoder, String what) {
        ScaleReader r = new ScaleReader(bytes, start);
        T value = decoder.apply(r);
        r.expectEnd(what);
        return value;
    }
}
