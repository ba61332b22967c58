package io.computeregister.bittensor.subtensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.computeregister.bittensor.crypto.Ss58;
import java.util.ArrayList;
import java.util.List;

/**
 * The metagraph's JSON form, written by {@code compute metagraph} and read back by {@link StaticMetagraphSource}:
 * {@code {"netuid":…, "n":…, "neurons":[{"uid","hotkey","coldkey","ip","port","stake","validator_permit","active"}…]}}.
 * Those keys, snake_case, are a contract with scripts that read the output; change them only as a wire change.
 */
public final class MetagraphJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetagraphJson() {}

    /** Thrown for JSON that is not a metagraph; the message names the field at fault. */
    public static final class InvalidMetagraphJsonException extends IllegalArgumentException {
        InvalidMetagraphJsonException(String message) {
            super(message);
        }
    }

    public static String write(Metagraph m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("netuid", m.netuid());
        root.put("n", m.n());
        ArrayNode neurons = root.putArray("neurons");
        for (Metagraph.Neuron n : m.neurons()) {
            ObjectNode o = neurons.addObject();
            o.put("uid", n.uid());
            o.put("hotkey", n.hotkey());
            o.put("coldkey", n.coldkey());
            o.put("ip", n.ip());
            o.put("port", n.port());
            o.put("stake", n.stake());
            o.put("validator_permit", n.validatorPermit());
            o.put("active", n.active());
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    /** Parses {@link #write} output; the block is unknown in this form. */
    public static Metagraph read(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidMetagraphJsonException("not JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidMetagraphJsonException("a metagraph must be a JSON object with netuid, n and neurons");
        }
        int netuid = intField(root, "netuid", "", 0, 0xffff);
        int n = intField(root, "n", "", 0, Integer.MAX_VALUE);
        JsonNode array = root.get("neurons");
        if (array == null || !array.isArray()) {
            throw new InvalidMetagraphJsonException("neurons must be an array");
        }
        if (array.size() != n) {
            throw new InvalidMetagraphJsonException("n is " + n + " but neurons holds " + array.size() + " entries");
        }
        List<Metagraph.Neuron> neurons = new ArrayList<>(n);
        for (int i = 0; i < array.size(); i++) {
            neurons.add(neuron(array.get(i), "neurons[" + i + "]."));
        }
        try {
            return new Metagraph(netuid, Metagraph.UNKNOWN_BLOCK, neurons);
        } catch (IllegalArgumentException e) {
            throw new InvalidMetagraphJsonException(e.getMessage());
        }
    }

    private static Metagraph.Neuron neuron(JsonNode o, String at) {
        if (o == null || !o.isObject()) {
            throw new InvalidMetagraphJsonException(at.substring(0, at.length() - 1) + " must be an object");
        }
        // Arguments are evaluated in order, so the first bad field in document order is the one reported.
        return new Metagraph.Neuron(
                intField(o, "uid", at, 0, 0xffff),
                address(o, "hotkey", at),
                address(o, "coldkey", at),
                text(o, "ip", at),
                intField(o, "port", at, 0, 0xffff),
                stake(o, at),
                bool(o, "validator_permit", at),
                bool(o, "active", at));
    }

    private static int intField(JsonNode o, String name, String at, int min, int max) {
        JsonNode v = o.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new InvalidMetagraphJsonException(at + name + " must be an integer " + min + ".." + max);
        }
        return v.asInt();
    }

    private static double stake(JsonNode o, String at) {
        JsonNode v = o.get("stake");
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
            throw new InvalidMetagraphJsonException(at + "stake must be a number >= 0");
        }
        return v.asDouble();
    }

    private static String text(JsonNode o, String name, String at) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual()) {
            throw new InvalidMetagraphJsonException(at + name + " must be a string");
        }
        return v.asText();
    }

    private static String address(JsonNode o, String name, String at) {
        String s = text(o, name, at);
        if (!Ss58.isValid(s)) {
            throw new InvalidMetagraphJsonException(at + name + " '" + s + "' is not an SS58 address");
        }
        return s;
    }

    private static boolean bool(JsonNode o, String name, String at) {
        JsonNode v = o.get(name);
        if (v == null || !v.isBoolean()) {
            throw new InvalidMetagraphJsonException(at + name + " must be true or false");
        }
        return v.asBoolean();
    }
}
