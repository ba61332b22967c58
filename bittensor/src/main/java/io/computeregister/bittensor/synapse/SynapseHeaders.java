package io.computeregister.bittensor.synapse;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Synapse metadata as HTTP headers (Python {@code Synapse.to_headers} / {@code from_headers}, 9.0.0). All values are
 * strings; int and float headers must parse as Python's {@code int()} / {@code float()} would.
 */
public final class SynapseHeaders {
    public static final String NAME = "name";
    public static final String TIMEOUT = "timeout";
    public static final String HEADER_SIZE = "header_size";
    public static final String TOTAL_SIZE = "total_size";
    public static final String COMPUTED_BODY_HASH = "computed_body_hash";
    public static final String AXON_PREFIX = "bt_header_axon_";
    public static final String DENDRITE_PREFIX = "bt_header_dendrite_";

    private SynapseHeaders() {}

    /** A header that is present but cannot be read as its field's type: Python answers 400. */
    public static final class MalformedHeaderException extends Exception {
        private final String header;

        MalformedHeaderException(String header, String value) {
            super("header " + header + " is not a number: '" + abbreviate(value) + "'");
            this.header = header;
        }

        public String header() { return header; }

        private static String abbreviate(String v) {
            return v.length() <= 40 ? v : v.substring(0, 40) + "...";
        }
    }

    /**
     * The headers Python's {@code to_headers()} produces, in its order: name, timeout, the non-null axon and dendrite
     * terminal fields, header_size, total_size, computed_body_hash.
     */
    public static Map<String, String> of(Synapse s) {
        return of(s.name(), s.timeout(), s.axon(), s.dendrite(), s.totalSize(), BodyHash.of(s));
    }

    /** The same headers from their parts, for a sender that does not mutate the caller's synapse. */
    public static Map<String, String> of(String name, double timeout, TerminalInfo axon, TerminalInfo dendrite,
                                         long totalSize, String bodyHash) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(NAME, name);
        h.put(TIMEOUT, PythonStr.floatRepr(timeout));
        putTerminal(h, AXON_PREFIX, axon);
        putTerminal(h, DENDRITE_PREFIX, dendrite);
        // Python sends sys.getsizeof(dict) and a deep object size here: integers with no meaning to the receiver,
        // which only casts them with int(). We send the header text size and the size already on the synapse.
        int headerBytes = 0;
        for (Map.Entry<String, String> e : h.entrySet()) headerBytes += e.getKey().length() + e.getValue().length();
        h.put(HEADER_SIZE, Integer.toString(headerBytes));
        h.put(TOTAL_SIZE, Long.toString(totalSize));
        h.put(COMPUTED_BODY_HASH, bodyHash);
        return h;
    }

    private static void putTerminal(Map<String, String> h, String prefix, TerminalInfo t) {
        put(h, prefix + "status_code", t.statusCode());
        put(h, prefix + "status_message", t.statusMessage());
        if (t.processTime() != null) h.put(prefix + "process_time", PythonStr.floatRepr(t.processTime()));
        put(h, prefix + "ip", t.ip());
        put(h, prefix + "port", t.port());
        put(h, prefix + "version", t.version());
        put(h, prefix + "nonce", t.nonce());
        put(h, prefix + "uuid", t.uuid());
        put(h, prefix + "hotkey", t.hotkey());
        put(h, prefix + "signature", t.signature());
    }

    private static void put(Map<String, String> h, String key, Object v) {
        if (v != null) h.put(key, v.toString());
    }

    /**
     * Builds a synapse of {@code type} from request headers only (body fields stay at their defaults), as the axon
     * does before it reads the body. {@code header} looks up a lowercase header name and returns null when absent.
     */
    public static <S extends Synapse> S parse(Class<S> type, Function<String, String> header)
            throws MalformedHeaderException {
        S s = newInstance(type);
        String timeout = header.apply(TIMEOUT);
        if (timeout != null) s.timeout(parseFloat(TIMEOUT, timeout));
        String v;
        if ((v = header.apply(HEADER_SIZE)) != null) s.headerSize(parseInt(HEADER_SIZE, v));
        if ((v = header.apply(TOTAL_SIZE)) != null) s.totalSize(parseInt(TOTAL_SIZE, v));
        if ((v = header.apply(COMPUTED_BODY_HASH)) != null) s.computedBodyHash(v);
        s.axon(parseTerminal(AXON_PREFIX, header));
        s.dendrite(parseTerminal(DENDRITE_PREFIX, header));
        return s;
    }

    /** Reads the terminal fields under {@code prefix} (also used by the dendrite on response headers). */
    public static TerminalInfo parseTerminal(String prefix, Function<String, String> header)
            throws MalformedHeaderException {
        TerminalInfo t = new TerminalInfo();
        String v;
        if ((v = header.apply(prefix + "status_code")) != null) t.statusCode((int) parseInt(prefix + "status_code", v));
        t.statusMessage(header.apply(prefix + "status_message"));
        if ((v = header.apply(prefix + "process_time")) != null) t.processTime(parseFloat(prefix + "process_time", v));
        t.ip(header.apply(prefix + "ip"));
        if ((v = header.apply(prefix + "port")) != null) t.port((int) parseInt(prefix + "port", v));
        if ((v = header.apply(prefix + "version")) != null) t.version(parseInt(prefix + "version", v));
        if ((v = header.apply(prefix + "nonce")) != null) t.nonce(parseInt(prefix + "nonce", v));
        t.uuid(header.apply(prefix + "uuid"));
        t.hotkey(header.apply(prefix + "hotkey"));
        t.signature(header.apply(prefix + "signature"));
        return t;
    }

    /** Python {@code int(str)}: optional sign, digits, surrounding whitespace, single underscores between digits. */
    static long parseInt(String header, String value) throws MalformedHeaderException {
        String t = value.strip();
        if (t.contains("__") || t.startsWith("_") || t.endsWith("_")) throw new MalformedHeaderException(header, value);
        try {
            return Long.parseLong(t.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new MalformedHeaderException(header, value);
        }
    }

    /** Python {@code float(str)}, including {@code inf} and {@code nan}. */
    static double parseFloat(String header, String value) throws MalformedHeaderException {
        String t = value.strip().toLowerCase(java.util.Locale.ROOT);
        switch (t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t) {
            case "inf", "infinity" -> { return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY; }
            case "nan" -> { return Double.NaN; }
            default -> { }
        }
        // Java accepts hex floats and a trailing d/f suffix, Python does not.
        if (t.isEmpty() || t.contains("x") || t.endsWith("d") || t.endsWith("f")) {
            throw new MalformedHeaderException(header, value);
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new MalformedHeaderException(header, value);
        }
    }

    /** A fresh synapse with its Python defaults, through the no-argument constructor every synapse must have. */
    public static <S extends Synapse> S newInstance(Class<S> type) {
        try {
            var ctor = type.getDeclaredConstructor();
            ctor.setAccessible(true);
            return ctor.newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalArgumentException(type.getName() + " needs a no-argument constructor to be a synapse", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(type.getName() + "() failed", e.getCause());
        }
    }
}
