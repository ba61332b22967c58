package io.computeregister.protocol.allocate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Allocate.docker_action}: {@code {"action": "", "ssh_key": "", "key_type": ""}}. Actions the original miner
 * knows: exchange_key, restart, pause, unpause and its alias resume (docs/protocol.md §3.2). Ours besides, which an
 * original miner answers without {@code status} (unknown action): {@code logs} with {@code tail} (the container's
 * last lines, {@code output.logs}) and {@code extend} with {@code days} (the lease, {@code output.expires_at}).
 *
 * @param tail logs only: how many lines, 1-{@value #MAX_TAIL}; null otherwise (not sent)
 * @param days extend only: how many days to add, 1-{@value #MAX_EXTEND_DAYS}; null otherwise (not sent)
 */
public record DockerAction(String action, String sshKey, String keyType, Integer tail, Integer days) {

    public static final String EXCHANGE_KEY = "exchange_key";
    public static final String RESTART = "restart";
    public static final String PAUSE = "pause";
    public static final String UNPAUSE = "unpause";
    public static final String RESUME = "resume";
    public static final String LOGS = "logs";
    public static final String EXTEND = "extend";
    public static final int MAX_TAIL = 10_000;
    public static final int MAX_EXTEND_DAYS = 365;

    /** One of the original's actions (no tail, no days). */
    public DockerAction(String action, String sshKey, String keyType) {
        this(action, sshKey, keyType, null, null);
    }

    /** The container's last {@code tail} lines. */
    public static DockerAction logs(int tail) {
        return new DockerAction(LOGS, "", "", tail, null);
    }

    /** The lease, {@code days} longer. */
    public static DockerAction extend(int days) {
        return new DockerAction(EXTEND, "", "", null, days);
    }

    public static DockerAction defaults() {
        return new DockerAction("", "", "");
    }

    public static DockerAction of(String action) {
        return new DockerAction(action, "", "");
    }

    public static DockerAction exchangeKey(String sshKey, String keyType) {
        return new DockerAction(EXCHANGE_KEY, sshKey, keyType);
    }

    public static DockerAction fromWire(Map<String, Object> wire) {
        return new DockerAction(WireValues.text(wire, "action", ""), WireValues.text(wire, "ssh_key", ""),
                WireValues.text(wire, "key_type", ""), count(wire, "tail"), count(wire, "days"));
    }

    private static Integer count(Map<String, Object> wire, String key) {
        if (wire == null || wire.get(key) == null) return null;
        double v = WireValues.number(wire, key, "docker_action." + key, 0);
        if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("docker_action." + key + " must be a whole number, got " + v);
        }
        return (int) v;
    }

    public Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        out.put("ssh_key", sshKey);
        out.put("key_type", keyType);
        if (tail != null) out.put("tail", tail);
        if (days != null) out.put("days", days);
        return out;
    }
}
