package io.computeregister.protocol.allocate;

import java.util.Map;

/** Lenient reads of JSON object values as Python's {@code dict.get(...)} code treats them; errors name the field. */
final class WireValues {
    private WireValues() {}

    static Map<?, ?> object(Map<?, ?> map, String key, String field) {
        Object v = map == null ? null : map.get(key);
        if (v == null) return Map.of();
        if (v instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException(field + " must be a JSON object");
    }

    static double number(Map<?, ?> map, String key, String field, double fallback) {
        Object v = map == null ? null : map.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d) || d < 0) throw new IllegalArgumentException(field + " must be a number >= 0, got " + v);
            return d;
        }
        if (v instanceof String s && !s.isBlank()) {
            try {
                return number(Map.of(key, Double.parseDouble(s.strip())), key, field, fallback);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + " must be a number, got '" + s + "'");
            }
        }
        throw new IllegalArgumentException(field + " must be a number");
    }

    static String text(Map<?, ?> map, String key, String fallback) {
        Object v = map == null ? null : map.get(key);
        return v == null ? fallback : v.toString();
    }

    static boolean flag(Map<?, ?> map, String key) {
        Object v = map == null ? null : map.get(key);
        return v instanceof Boolean b ? b : v != null && "true".equalsIgnoreCase(v.toString());
    }
}
