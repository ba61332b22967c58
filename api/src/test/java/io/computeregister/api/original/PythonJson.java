package io.computeregister.api.original;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value)} with its defaults, for the stand-ins of the original Python miner and validator:
 * one line, {@code ", "} between items and {@code ": "} after keys, {@code ensure_ascii} (every character outside
 * space..tilde as {@code \\uXXXX}, lower-case hex), floats as Python's {@code repr} ({@code 3.0}, {@code 1e-05},
 * {@code 1.5e+16}), {@code True/False/None} as {@code true/false/null}. Written from Python's documented behaviour so
 * the stand-ins do not borrow our own serialisers (a bug there would then hide itself).
 *
 * <p>Takes maps (in their iteration order: use LinkedHashMap, as Python dicts keep insertion order), lists, strings,
 * booleans, integral numbers, doubles and null.
 */
final class PythonJson {

    private PythonJson() {}

    static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(floatRepr(d));
            case Float f -> out.append(floatRepr(f.doubleValue()));
            case Number n -> out.append(n.longValue());
            case CharSequence s -> string(out, s.toString());
            case Map<?, ?> map -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    string(out, String.valueOf(e.getKey()));
                    out.append(": ");
                    write(out, e.getValue());
                    if (it.hasNext()) out.append(", ");
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) out.append(", ");
                    write(out, list.get(i));
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("json.dumps cannot write a " + value.getClass());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') out.append(c);
                    else out.append(String.format("\\u%04x", (int) c)); // UTF-16 units, as Python escapes them
                }
            }
        }
        out.append('"');
    }

    /** Python's float repr: the shortest round-trip digits, positional for exponents -4..15, else {@code d.ddde+XX}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal shortest = new BigDecimal(Double.toString(d)).stripTrailingZeros(); // JDK 19+: shortest digits
        int exponent = shortest.precision() - shortest.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format("%02d", Math.abs(exponent));
    }
}
