package io.computeregister.api.allocation;

/**
 * allocate_spec's body as the original defines it (docs/protocol.md §9.1, §9.2, with the original's defaults): the
 * shape the OpenAPI document shows. The handler reads the same fields one by one with {@code RequestReader} rather
 * than binding this record, so it can accept what the original accepts (numbers as strings, missing objects) and
 * name every field at fault in one 422.
 */
public record AllocateSpecBody(DeviceRequirement requirements, DockerRequirement dockerRequirement) {

    /** docs/protocol.md §9.1: GB, GiB and days as the renter writes them. */
    public record DeviceRequirement(Integer cpuCount, String gpuType, Integer gpuSize, Integer ram, Integer hardDisk,
                                    Integer timeline) {}

    /** docs/protocol.md §9.2; also allocate_hotkey's whole body. */
    public record DockerRequirement(String baseImage, String sshKey, String volumePath, String dockerfile) {}
}
