package io.computeregister.api.miners;

import io.computeregister.api.store.Store;
import io.computeregister.bittensor.crypto.Ss58;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --blocked-miners FILE} list: one miner hotkey (SS58) per line, optionally followed by {@code # reason};
 * blank lines and lines starting with {@code #} are ignored. At start every listed hotkey is blocked in the store, the
 * same block an admin sets with {@code POST /admin/miners/block}. Removing a line does not unblock a miner (an admin
 * does that), so a restart never silently undoes an operator's decision.
 */
public final class BlockedMinersFile {

    /** The reason stored when a line gives none. */
    static final String DEFAULT_REASON = "listed in the blocked-miners file";

    /** One listed miner. */
    public record Entry(String hotkey, String reason) {}

    private BlockedMinersFile() {}

    /**
     * Reads and checks the whole file before anything is blocked, so a typo blocks nothing.
     *
     * @throws IllegalArgumentException naming the file and line at fault
     */
    public static List<Entry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("--blocked-miners " + file + ": cannot read (" + e.getMessage() + ")");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int hash = line.indexOf('#');
            String hotkey = (hash < 0 ? line : line.substring(0, hash)).strip();
            String reason = hash < 0 ? "" : line.substring(hash + 1).strip();
            if (hotkey.contains(" ") || hotkey.contains("\t")) {
                throw new IllegalArgumentException("--blocked-miners " + file + " line " + (i + 1)
                        + ": one hotkey per line, optionally followed by '# reason'");
            }
            try {
                Ss58.decode(hotkey);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("--blocked-miners " + file + " line " + (i + 1)
                        + ": not an SS58 hotkey: '" + hotkey + "'");
            }
            entries.put(hotkey, new Entry(hotkey, reason.isEmpty() ? DEFAULT_REASON : reason));
        }
        return new ArrayList<>(entries.values());
    }

    /** Blocks every entry in the store; returns how many were listed. */
    public static int apply(List<Entry> entries, Store store) {
        for (Entry e : entries) store.setBlocked(e.hotkey(), true, e.reason());
        return entries.size();
    }
}
