package io.computeregister.protocol.allocate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code Allocate.docker_action}: {@code {"action": "", "ssh_key": "", "key_type": ""}}. Actions the original miner
 * knows: exchange_key, restart, pause, unpause and its alias resume (docs/protocol.md §3.2).
 */
public record DockerAction(String action, String sshKey, String keyType) {

    public static final String EXCHANGE_KEY = "exchange_key";
    public static final String RESTART = "restart";
    public static final String PAUSE = "pause";
    public static final String UNPAUSE = "unpause";
    public static final String RESUME = "resume";

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
                WireValues.text(wire, "key_type", ""));
    }

    public Map<String, Object> toWire() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        out.put("ssh_key", sshKey);
        out.put("key_type", keyType);
        return out;
    }
}
