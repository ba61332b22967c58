package io.computeregister.api.allocation;

/** {@code Allocate.docker_action}: restart, pause, unpause or exchange_key (with the new key and its slot). */
public record DockerAction(String action, String sshKey, String keyType) {}
