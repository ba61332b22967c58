/**
 * The docker runtime (production): one container per allocation, named and labelled so that only ours are ever seen
 * or touched, limits from the request, GPUs by device index, credentials copied in through the archive API (no shell,
 * no exec), SSH published on a port of this machine. Settings: {@link
 * io.computeregister.miner.runtime.docker.DockerSettings} (engine address, image, host ports).
 */
package io.computeregister.miner.runtime.docker;
