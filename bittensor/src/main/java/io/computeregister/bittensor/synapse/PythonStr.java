package io.computeregister.bittensor.synapse;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * CPython's {@code str()} of a JSON-shaped value, as the body hash feeds it (Python hashes {@code str(value)} of
 * each required hash field). Covers what a pydantic {@code model_dump()} yields: None, bool, int, float, str, list,
 * dict. Floats follow CPython's {@code repr} (shortest digits, exponent outside 1e-4 <= |x| < 1e16).
 */
public final class PythonStr {
    private PythonStr() {}

    static String str(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "None";
        if (v.isTextual()) return v.textValue();
        return repr(v);
    }

    static String repr(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return "None";
        if (v.isBoolean()) return v.booleanValue() ? "True" : "False";
        if (v.isIntegralNumber()) return v.bigIntegerValue().toString();
        if (v.isNumber()) return floatRepr(v.doubleValue());
        if (v.isTextual()) return stringRepr(v.textValue());
        if (v.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) b.append(", ");
                b.append(repr(v.get(i)));
            }
            return b.append(']').toString();
        }
        if (v.isObject()) {
            StringBuilder b = new StringBuilder("{");
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            boolean first = true;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) b.append(", ");
                first = false;
                b.append(stringRepr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return b.append('}').toString();
        }
        return v.asText();
    }

    /** CPython {@code repr(float)}. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        // Java's Double.toString gives the shortest round-tripping digits (JDK 19+), as CPython's repr does;
        // only the layout differs.
        BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = String.valueOf(Math.abs(exp));
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    /** CPython {@code repr(str)}: single quotes unless the text holds ' but no ". */
    static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder b = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') b.append('\\').appendCodePoint(cp);
            else if (cp == '\n') b.append("\\n");
            else if (cp == '\r') b.append("\\r");
            else if (cp == '\t') b.append("\\t");
            else if (cp < 0x20 || cp == 0x7f) b.append(String.format("\\x%02x", cp));
            else if (cp >= 0x80 && !isPrintable(cp)) {
                if (cp <= 0xff) b.append(String.format("\\x%02x", cp));
                else if (cp <= 0xffff) b.append(String.format("\\u%04x", cp));
                else b.append(String.format("\\U%08x", cp));
            } else b.appendCodePoint(cp);
        }
        return b.append(quote).toString();
    }

    /** Approximates CPython's str.isprintable for non-ASCII code points by Unicode category. */
    private static boolean isPrintable(int cp) {
        int t = Character.getType(cp);
        return !(t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
                || t == Character.PRIVATE_USE || t == Character.UNASSIGNED || t == Character.LINE_SEPARATOR
                || t == Character.PARAGRAPH_SEPARATOR || (t == Character.SPACE_SEPARATOR && cp != ' '));
    }
}
