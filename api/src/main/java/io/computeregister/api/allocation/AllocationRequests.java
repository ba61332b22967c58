package io.computeregister.api.allocation;

import io.computeregister.api.http.Json;
import io.computeregister.protocol.allocate.DockerRequirement;
import java.util.LinkedHashMap;
import java.util.Map;

/** Validated requests of the allocation endpoints (parsed by {@link AllocationHandlers}). */
public final class AllocationRequests {

    private AllocationRequests() {}

    /** {@code POST /service/allocate_spec}. */
    public record Spec(Requirements requirements, int timelineDays, DockerRequirement docker) {

        /**
         * What an Idempotency-Key is bound to. Keys never expire, so this text is a stored format: changing it would
         * make a client's retry after an upgrade look like a different request.
         */
        String fingerprint() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("requirements", requirements);
            request.put("timeline_days", timelineDays);
            request.put("docker", docker.toWire());
            return "allocate_spec\n" + Json.write(request);
        }
    }

    /** {@code POST /service/allocate_hotkey}. */
    public record Hotkey(String hotkey, DockerRequirement docker) {

        /** As {@link Spec#fingerprint()}. */
        String fingerprint() {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("hotkey", hotkey);
            request.put("docker", docker.toWire());
            return "allocate_hotkey\n" + Json.write(request);
        }
    }

    /** {@code POST /service/deallocate}. */
    public record Deallocate(String hotkey, String uuidKey, boolean notifyFlag) {}
}
