package io.computeregister.api.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import io.computeregister.api.store.AllocationRecord;

/**
 * The {@code Allocation} response shape (docs/protocol.md §9.3), field names snake_cased by the API mapper.
 * COMPAT: {@code regkey} is always "" in responses, as in the original; the stored regkey stays server-side. Ours:
 * {@code ports}, each extra container port's host port ({"8888": 42011}), only when some were asked.
 */
public record AllocationView(
        String resource,
        String hotkey,
        String regkey,
        String sshIp,
        int sshPort,
        String sshUsername,
        String sshPassword,
        String sshCommand,
        String sshKey,
        String uuidKey,
        int minerVersion,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> ports) {

    public static AllocationView of(AllocationRecord a) {
        return new AllocationView(a.resource(), a.minerHotkey(), "", a.sshHost(), a.sshPort(), a.sshUsername(),
                a.sshPassword(), "ssh " + a.sshUsername() + "@" + a.sshHost() + " -p " + a.sshPort(), a.sshKey(),
                a.uuid(), a.minerVersion(), new java.util.TreeMap<>(a.ports()));
    }

    @Override
    public String toString() {
        return "AllocationView[hotkey=" + hotkey + ", uuid=" + uuidKey + ", ssh=" + sshUsername + "@" + sshIp + ":"
                + sshPort + ", password=***]";
    }
}
