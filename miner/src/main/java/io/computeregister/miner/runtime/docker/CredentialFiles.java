package io.computeregister.miner.runtime.docker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of the two files that carry an allocation's credentials. Pure functions: {@link ContainerFiles} moves the
 * bytes in and out of the container through the archive API, so no key or password ever passes through a shell.
 *
 * <p>Image assumption (documented for operators): the image runs an sshd on port 22 as root that honours
 * {@code /etc/shadow} for passwords and {@code /root/.ssh/authorized_keys} for keys (OpenSSH and dropbear both do and
 * reread both on every login, so changes need no restart).
 */
final class CredentialFiles {

    static final String AUTHORIZED_KEYS = "/root/.ssh/authorized_keys";
    static final String SHADOW = "/etc/shadow";

    private CredentialFiles() {}

    /** Line 1 the renter's ("user") key, line 2 the "terminal" key, as the original lays it out. */
    static byte[] authorizedKeys(String userKey, String terminalKey) {
        return (userKey + "\n" + terminalKey + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code [user, terminal]} read back from an {@code authorized_keys} written by {@link #authorizedKeys}. */
    static String[] slots(byte[] authorizedKeys) {
        String[] lines = new String(authorizedKeys, StandardCharsets.UTF_8).split("\n", -1);
        String user = lines.length > 0 ? lines[0].strip() : "";
        String terminal = lines.length > 1 ? lines[1].strip() : "";
        return new String[] {user, terminal};
    }

    /**
     * A key becomes one line of {@code authorized_keys}; a line break would let it add lines (and options) of its own
     * and shift the slots, so it is rejected.
     */
    static String requireOneLine(String field, String key) {
        String k = key == null ? "" : key.strip();
        if (k.indexOf('\n') >= 0 || k.indexOf('\r') >= 0 || k.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " must be a single OpenSSH public key line");
        }
        return k;
    }

    /**
     * Returns {@code existing} with {@code user}'s password field set to {@code hash} (other lines untouched); adds the
     * line when the user has none. The last-change field is set to today so PAM-based sshds do not demand a change.
     */
    static String shadowWithPassword(String existing, String user, String hash, long epochDay) {
        List<String> out = new ArrayList<>();
        boolean replaced = false;
        for (String line : existing == null ? new String[0] : existing.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!replaced && line.startsWith(user + ":")) {
                String[] fields = line.split(":", -1);
                List<String> f = new ArrayList<>(List.of(fields));
                while (f.size() < 9) {
                    f.add("");
                }
                f.set(1, hash);
                f.set(2, Long.toString(epochDay));
                out.add(String.join(":", f));
                replaced = true;
            } else {
                out.add(line);
            }
        }
        if (!replaced) {
            out.add(0, user + ":" + hash + ":" + epochDay + ":0:99999:7:::");
        }
        return String.join("\n", out) + "\n";
    }
}
