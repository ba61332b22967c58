package io.computeregister.api.openapi;

/** Request and reply shapes of the pre-existing routes, for the OpenAPI document only. */
public final class Shapes {

    private Shapes() {}

    public record Welcome(String message) {}

    /** docs/protocol.md §9.1 with the original's defaults. */
    public record DeviceRequirement(Integer cpuCount, String gpuType, Integer gpuSize, Integer ram, Integer hardDisk,
                                    Integer timeline) {}

    /** docs/protocol.md §9.2. */
    public record DockerRequirement(String baseImage, String sshKey, String volumePath, String dockerfile) {}

    /** allocate_spec's two body parameters, so the body is an object keyed by their names. */
    public record AllocateSpecBody(DeviceRequirement requirements, DockerRequirement dockerRequirement) {}

    public record KeyRequest(String tenant) {}

    public record CreatedKey(String tenant, String tenantId, boolean admin, String key, String prefix) {}

    public record BlockRequest(String hotkey, String reason) {}

    public record BlockState(String hotkey, boolean blocked, String reason) {}

    public record Deallocated(String uuidKey, boolean minerConfirmed, String detail) {}
}
