package io.computeregister.api.allocation;

import io.computeregister.api.placement.Requirements;

/** Validated requests of the allocation endpoints (parsed by {@link AllocationHandlers}). */
public final class AllocationRequests {

    private AllocationRequests() {}

    /** {@code POST /service/allocate_spec}. */
    public record Spec(Requirements requirements, int timelineDays, DockerSpec docker) {}

    /** {@code POST /service/allocate_hotkey}. */
    public record Hotkey(String hotkey, DockerSpec docker) {}

    /** {@code POST /service/deallocate}. */
    public record Deallocate(String hotkey, String uuidKey, boolean notifyFlag) {}
}
